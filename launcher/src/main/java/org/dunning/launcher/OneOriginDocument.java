package org.dunning.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI document of the one origin ({@link Gateway}, the HTTPRoute in {@code k8s/}): the five services'
 * documents (written by their builds to {@code docs/openapi/<service>/}) merged into one, each service's paths under
 * its prefix ({@code /api/invoice/customers}), its operationIds and tags named after it ({@code invoice_
 * CustomerResource_register}, tag {@code invoice}), and the components they share kept once. A component two services
 * define differently (each has its own {@code Entry}, say) is kept once per service, renamed after it
 * ({@code escalation_Entry}), and the references in that service's paths and components follow. The build writes it to
 * {@code docs/openapi/dunning/} (see the launcher's pom); CI fails when the committed one drifts, and a TypeScript
 * client is generated from it and compiled ({@code clients/typescript}).
 */
public final class OneOriginDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));
    private static final String REF = "#/components/";

    /** A service's document and the prefix its paths go under. */
    public record Part(String name, String prefix, JsonNode document) {
    }

    private OneOriginDocument() {
    }

    /** {@code docs/openapi} (the folder of the services' documents): writes {@code dunning/openapi.json} and {@code .yaml}. */
    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs/openapi");
        List<Part> parts = new ArrayList<>();
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            Path file = docs.resolve(s.name()).resolve("openapi.json");
            if (!Files.exists(file)) {
                throw new IllegalStateException(file + " is missing: the services are built (and write it) first");
            }
            parts.add(new Part(s.route().substring(s.route().lastIndexOf('/') + 1), s.route(),
                    JSON.readTree(file.toFile())));
        }
        ObjectNode merged = merge(parts);
        Path out = Files.createDirectories(docs.resolve("dunning"));
        Files.writeString(out.resolve("openapi.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merged) + "\n");
        Files.writeString(out.resolve("openapi.yaml"), YAML.writeValueAsString(merged));
    }

    /** The documents merged (see the class comment). */
    public static ObjectNode merge(List<Part> parts) {
        // which components differ between the services that define them: those are renamed per service
        Map<String, Map<String, JsonNode>> seen = new TreeMap<>();
        for (Part p : parts) {
            p.document().path("components").fields().forEachRemaining(kind -> kind.getValue().fields().forEachRemaining(
                    c -> seen.computeIfAbsent(kind.getKey() + "/" + c.getKey(), k -> new LinkedHashMap<>())
                            .put(p.name(), c.getValue())));
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", parts.isEmpty() ? "3.1.0" : parts.get(0).document().path("openapi").asText("3.1.0"));
        ObjectNode info = out.putObject("info");
        info.put("title", "dunning API (one origin)");
        info.put("version", parts.isEmpty() ? "0.1.0" : parts.get(0).document().path("info").path("version").asText());
        info.put("description", "Every service's API under one host: " + String.join(", ",
                parts.stream().map(p -> p.prefix() + " (" + p.name() + ")").toList()) + ". Each operation is the "
                + "service's own, with the same answers, under its prefix; a Location points under the prefix.");
        ArrayNode tags = out.putArray("tags");
        ObjectNode paths = out.putObject("paths");
        ObjectNode components = out.putObject("components");
        for (Part p : parts) {
            tags.addObject().put("name", p.name()).put("description", "served by " + p.name() + "-service under "
                    + p.prefix());
            Map<String, String> renamed = new HashMap<>();
            seen.forEach((key, byService) -> {
                if (byService.containsKey(p.name()) && byService.values().stream().distinct().count() > 1) {
                    String name = key.substring(key.indexOf('/') + 1);
                    renamed.put(REF + key, REF + key.substring(0, key.indexOf('/') + 1) + p.name() + "_" + name);
                }
            });
            JsonNode doc = rewriteRefs(p.document().deepCopy(), renamed);
            doc.path("paths").fields().forEachRemaining(path -> {
                ObjectNode item = ((ObjectNode) path.getValue()).deepCopy();
                item.fields().forEachRemaining(op -> {
                    if (op.getValue() instanceof ObjectNode operation && operation.has("responses")) {
                        if (operation.has("operationId")) {
                            operation.put("operationId", p.name() + "_" + operation.get("operationId").asText());
                        }
                        ArrayNode opTags = JSON.createArrayNode().add(p.name());
                        operation.path("tags").forEach(t -> opTags.add(p.name() + ": " + t.asText()));
                        operation.set("tags", opTags);
                    }
                });
                paths.set(p.prefix() + ("/".equals(path.getKey()) ? "" : path.getKey()), item);
            });
            doc.path("components").fields().forEachRemaining(kind -> {
                ObjectNode target = components.has(kind.getKey()) ? (ObjectNode) components.get(kind.getKey())
                        : components.putObject(kind.getKey());
                kind.getValue().fields().forEachRemaining(c -> {
                    String to = renamed.getOrDefault(REF + kind.getKey() + "/" + c.getKey(), REF + kind.getKey() + "/"
                            + c.getKey());
                    target.set(to.substring(to.lastIndexOf('/') + 1), c.getValue());
                });
            });
        }
        components.fields().forEachRemaining(kind -> sortFields((ObjectNode) kind.getValue()));
        parts.stream().map(p -> p.document().get("security")).filter(s -> s != null).findFirst()
                .ifPresent(s -> out.set("security", s));
        return out;
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(f -> names.add(f.getKey()));
            for (String name : names) {
                JsonNode value = object.get(name);
                if ("$ref".equals(name) && value.isTextual() && renamed.containsKey(value.asText())) {
                    object.set(name, TextNode.valueOf(renamed.get(value.asText())));
                } else {
                    rewriteRefs(value, renamed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(n -> rewriteRefs(n, renamed));
        }
        return node;
    }

    private static void sortFields(ObjectNode node) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        node.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue()));
        node.removeAll();
        node.setAll(sorted);
    }
}
