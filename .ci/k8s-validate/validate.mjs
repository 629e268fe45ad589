// Validates every manifest the k8s/ overlays render against its schema, offline: the Kubernetes API's own
// (kubernetes-models) and the CRDs' (Gateway API, KEDA, prometheus-operator, CloudNativePG). A kind with no schema
// here fails the check, unless it is listed in UNCHECKED with the reason. Usage: node validate.mjs DIR...
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const PACKAGES = [
  "kubernetes-models/v1", "kubernetes-models/apps/v1", "kubernetes-models/policy/v1",
  "kubernetes-models/autoscaling/v2", "kubernetes-models/networking.k8s.io/v1",
  "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
  "@kubernetes-models/keda/keda.sh/v1alpha1",
  "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
];
// Strimzi publishes no schema package reachable from here (npm, Maven Central): its resources are checked for their
// shape below instead, and named in the output as such.
const UNCHECKED = new Map([
  ["kafka.strimzi.io/v1beta2/KafkaTopic", ["spec.partitions", "spec.replicas"]],
  ["kafka.strimzi.io/v1beta2/Kafka", ["spec.kafka", "spec.entityOperator"]],
  ["kafka.strimzi.io/v1beta2/KafkaNodePool", ["spec.replicas", "spec.roles", "spec.storage"]],
]);

const models = new Map();
for (const p of PACKAGES) {
  for (const model of Object.values(await import(p))) {
    if (typeof model === "function" && model.apiVersion && model.kind) {
      models.set(`${model.apiVersion}/${model.kind}`, model);
    }
  }
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: node validate.mjs k8s/overlays/dev ...");
  process.exit(2);
}
let failures = 0;
for (const dir of dirs) {
  const rendered = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const counts = new Map();
  for (const doc of parseAllDocuments(rendered)) {
    if (doc.errors.length) {
      console.error(`${dir}: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const manifest = doc.toJS();
    if (!manifest) continue;
    if (manifest.kind === "Secret" && manifest.data) {
      // kustomize folds long base64 values over lines; the API server's decoder skips the line breaks, the schema's
      // "byte" format does not
      for (const k of Object.keys(manifest.data)) manifest.data[k] = String(manifest.data[k]).replace(/\s+/g, "");
    }
    const key = `${manifest.apiVersion}/${manifest.kind}`;
    const name = `${dir} ${manifest.kind}/${manifest.metadata?.name}`;
    const Model = models.get(key);
    try {
      if (Model) {
        new Model(manifest).validate();
        counts.set(manifest.kind, (counts.get(manifest.kind) ?? 0) + 1);
      } else if (UNCHECKED.has(key)) {
        for (const path of UNCHECKED.get(key)) {
          if (path.split(".").reduce((o, k) => o?.[k], manifest) === undefined) {
            throw new Error(`${path} is missing`);
          }
        }
        counts.set(`${manifest.kind} (shape only)`, (counts.get(`${manifest.kind} (shape only)`) ?? 0) + 1);
      } else {
        throw new Error(`no schema for ${key}`);
      }
    } catch (e) {
      failures++;
      console.error(`${name}: ${e.message}${e.errors ? " " + JSON.stringify(e.errors.slice(0, 3)) : ""}`);
    }
  }
  console.log(`${dir}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`);
}
if (failures) {
  console.error(`${failures} manifest(s) invalid`);
  process.exit(1);
}
