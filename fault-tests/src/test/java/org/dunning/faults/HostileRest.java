package org.dunning.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Hostile requests made from each service's own OpenAPI document: for every operation, bodies that are not JSON, not
 * UTF-8, too large, of another content type, with a field of the wrong type, an unknown enum value, a control
 * character, a text far too long, an absurd number or date, an unknown field; ids that do not exist, are not ids or
 * belong to another tenant; stale and malformed If-Match; a repeated Idempotency-Key with another body; query
 * parameters out of range. None of them is valid, so every answer must be a 4xx problem+json that says what is wrong,
 * and nothing may change.
 */
final class HostileRest {

    /** One request and what came back. */
    record Outcome(String service, String operation, String mutation, int status, String contentType, String body) {
        boolean problem() {
            if (status < 400 || status > 499 || contentType == null || !contentType.startsWith("application/problem+json")) {
                return false;
            }
            try {
                JsonNode p = Api.JSON.readTree(body);
                return p.path("status").asInt() == status && (p.hasNonNull("detail") || p.path("errors").size() > 0);
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The ids the generator uses: the tenant's own (so that the body is what is wrong) and another tenant's. */
    record Ids(Map<String, String> own, Map<String, String> others, Map<String, String> idempotencyKeys) {
    }

    static final int HUGE_BODY = 3 * 1024 * 1024;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private final Ids ids;
    private final Random random;
    final List<Outcome> outcomes = new ArrayList<>();

    HostileRest(String token, Ids ids, long seed) {
        this.token = token;
        this.ids = ids;
        this.random = new Random(seed);
    }

    /** Sends every hostile variant of every operation of the service at {@code base}. */
    void attack(String service, String base) throws IOException, InterruptedException {
        JsonNode api = Api.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode schemas = api.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                String method = op.getKey().toUpperCase();
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    operation(service, base, method, path.getKey(), op.getValue(), schemas);
                }
            }
        }
    }

    private void operation(String service, String base, String method, String template, JsonNode op, JsonNode schemas)
            throws IOException, InterruptedException {
        String name = method + " " + template;
        List<JsonNode> params = new ArrayList<>();
        op.path("parameters").forEach(params::add);
        List<String> pathParams = params.stream().filter(p -> p.path("in").asText().equals("path"))
                .map(p -> p.path("name").asText()).toList();
        boolean ifMatch = params.stream().anyMatch(p -> p.path("name").asText().equals("If-Match"));
        boolean idempotent = params.stream().anyMatch(p -> p.path("name").asText().equals("Idempotency-Key"));
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        boolean hasBody = !bodySchema.isMissingNode();
        boolean optionalBody = hasBody && !op.path("requestBody").path("required").asBoolean(true);
        String ownPath = fill(template, pathParams, p -> ownId(template, p));
        ObjectNode skeleton = hasBody ? skeleton(resolve(bodySchema, schemas), schemas) : null;

        // ids: unknown, not an id, far too long, another tenant's
        for (String p : pathParams) {
            if (kind(template, p) == null) {
                continue; // an enum or free segment in the path; changed below as a value
            }
            Map<String, String> variants = new LinkedHashMap<>();
            variants.put("unknown id", UUID.randomUUID().toString());
            variants.put("not an id", "not-an-id");
            variants.put("id of 3000 characters", "9".repeat(3000));
            String theirs = ids.others().get(kind(template, p));
            if (theirs != null) {
                variants.put("another tenant's id", theirs);
            }
            for (var v : variants.entrySet()) {
                String url = fill(template, pathParams, q -> q.equals(p) ? v.getValue() : ownId(template, q));
                send(service, name, v.getKey() + " in " + p, method, base + url, hasBody ? json(skeleton) : null,
                        "application/json", Map.of());
            }
        }
        for (JsonNode param : params) {
            String p = param.path("name").asText();
            if (!param.path("in").asText().equals("path") || kind(template, p) != null) {
                continue;
            }
            // an enum (a slot) takes no other value; a free text (a segment) no control character, no 3000 characters
            List<String> values = resolve(param.path("schema"), schemas).has("enum") ? List.of("NOT_A_VALUE")
                    : List.of("a\u0001b", "s".repeat(3000));
            for (String value : values) {
                String url = fill(template, pathParams, q -> q.equals(p) ? value : ownId(template, q));
                send(service, name, "value " + abbreviate(value) + " in " + p, method, base + url,
                        hasBody ? json(skeleton) : null, "application/json", Map.of());
            }
        }
        if (ifMatch) {
            for (String etag : List.of("\"99999\"", "\"-1\"", "garbage", "\"1\", \"2\"")) {
                send(service, name, "If-Match " + etag, method, base + ownPath, hasBody ? json(skeleton) : null,
                        "application/json", Map.of("If-Match", etag));
            }
        }
        if (idempotent && ids.idempotencyKeys().containsKey(template)) {
            send(service, name, "Idempotency-Key repeated with another body", method, base + ownPath, json(skeleton),
                    "application/json", Map.of("Idempotency-Key", ids.idempotencyKeys().get(template)));
        }
        if (method.equals("GET")) {
            for (JsonNode q : params) {
                if (q.path("in").asText().equals("query")) {
                    for (String bad : badQueryValues(q.path("name").asText(), resolve(q.path("schema"), schemas))) {
                        send(service, name, "query " + q.path("name").asText() + "=" + abbreviate(bad), method,
                                base + ownPath + "?" + q.path("name").asText() + "=" + URLEncoder.encode(bad,
                                        StandardCharsets.UTF_8), null, null, Map.of());
                    }
                }
            }
        }
        if (!hasBody) {
            return;
        }
        // the body: not JSON, not UTF-8, too large, another content type, nothing at all
        List<String> brokenBodies = new ArrayList<>(List.of("{", "{\"a\":", "[1,2", "nul", "{}{}", "[]", "\"text\"", "42",
                "true", "{\"" + "k".repeat(100) + "\":}"));
        if (!optionalBody) {
            brokenBodies.addAll(List.of("null", ""));
        }
        for (String broken : brokenBodies) {
            send(service, name, "body " + abbreviate(broken), method, base + ownPath, broken, "application/json", Map.of());
        }
        sendBytes(service, name, "body not UTF-8", method, base + ownPath,
                new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '"', '}'});
        ObjectNode huge = skeleton.deepCopy();
        huge.put("padding", "x".repeat(HUGE_BODY));
        send(service, name, "body of 3 MB", method, base + ownPath, json(huge), "application/json", Map.of());
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            send(service, name, "content type " + type, method, base + ownPath, json(skeleton), type, Map.of());
        }
        ObjectNode extra = skeleton.deepCopy();
        extra.put("unexpectedField", "surprise");
        send(service, name, "unknown field", method, base + ownPath, json(extra), "application/json", Map.of());
        if (!method.equals("PATCH") && optionalBody) {
            // a body that may be left out may also be empty; anything else needs its fields
        } else if (!method.equals("PATCH")) {
            send(service, name, "empty object", method, base + ownPath, "{}", "application/json", Map.of());
        }
        // one field at a time made wrong, the rest as a client would send them
        for (Iterator<Map.Entry<String, JsonNode>> props = properties(resolve(bodySchema, schemas)); props.hasNext(); ) {
            var prop = props.next();
            JsonNode schema = resolve(prop.getValue(), schemas);
            for (var bad : badValues(prop.getKey(), schema, schemas).entrySet()) {
                ObjectNode body = skeleton.deepCopy();
                body.set(prop.getKey(), bad.getValue());
                send(service, name, prop.getKey() + ": " + bad.getKey(), method, base + ownPath, json(body),
                        "application/json", Map.of());
            }
        }
    }

    // --- values -------------------------------------------------------------------------------------------------

    /** Values that no field of this type accepts. */
    private Map<String, JsonNode> badValues(String field, JsonNode schema, JsonNode schemas) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        if (schema.has("enum")) {
            bad.put("unknown enum value", NODES.textNode("NOT_A_VALUE"));
            bad.put("wrong type", NODES.objectNode());
            return bad;
        }
        switch (type) {
            case "string" -> {
                bad.put("wrong type", NODES.objectNode());
                switch (format) {
                    case "uuid" -> bad.put("not a uuid", NODES.textNode("not-a-uuid"));
                    case "date" -> {
                        bad.put("impossible date", NODES.textNode("2026-02-30"));
                        bad.put("absurd date", NODES.textNode("+999999-01-01"));
                        bad.put("year 0", NODES.textNode("0000-01-01"));
                    }
                    case "date-time" -> {
                        bad.put("not a time", NODES.textNode("yesterday"));
                        bad.put("absurd instant", NODES.textNode("+999999-01-01T00:00:00Z"));
                    }
                    case "duration" -> bad.put("not a duration", NODES.textNode("forever"));
                    case "local-time" -> bad.put("not a time", NODES.textNode("25:99"));
                    default -> {
                        bad.put("control character", NODES.textNode("a\u0000b"));
                        bad.put("200 000 characters", NODES.textNode("y".repeat(200_000)));
                        bad.put("half a surrogate pair", NODES.textNode(LONE_SURROGATE)); // written as \\ud800
                    }
                }
            }
            case "number" -> {
                bad.put("wrong type", NODES.textNode("abc"));
                bad.put("negative", NODES.numberNode(new java.math.BigDecimal("-1")));
                bad.put("1e400", NODES.numberNode(new java.math.BigDecimal("1e400")));
                bad.put("20 digits", NODES.numberNode(new java.math.BigDecimal("99999999999999999999.99")));
            }
            case "integer" -> {
                bad.put("wrong type", NODES.textNode("abc"));
                bad.put("negative", NODES.numberNode(-1));
                bad.put("beyond int", NODES.numberNode(99_999_999_999L));
            }
            case "boolean" -> bad.put("wrong type", NODES.textNode("perhaps"));
            case "array" -> {
                bad.put("wrong type", NODES.textNode("not-a-list"));
                ArrayNode many = NODES.arrayNode();
                JsonNode item = skeletonValue("item", resolve(schema.path("items"), schemas), schemas, 0);
                for (int i = 0; i < 5000; i++) {
                    many.add(item.deepCopy());
                }
                bad.put("5000 items", many);
                ArrayNode withNull = NODES.arrayNode();
                withNull.addNull();
                bad.put("a null item", withNull);
            }
            case "object" -> bad.put("wrong type", NODES.arrayNode().add(1));
            default -> bad.put("wrong type", NODES.arrayNode().add(1));
        }
        return bad;
    }

    /** Query parameters that name one of a few values, though the document types them as text. */
    static final java.util.Set<String> ENUMERATED = java.util.Set.of("status", "type", "sort", "audience", "kind");

    private List<String> badQueryValues(String name, JsonNode schema) {
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        if (schema.has("enum")) {
            return List.of("NOT_A_VALUE");
        }
        if (type.equals("string") && format.isEmpty()) {
            return ENUMERATED.contains(name) ? List.of("NOT_A_VALUE", "a\u0000b") : List.of("a\u0000b");
        }
        return switch (type) {
            case "integer" -> List.of("-1", "abc", "99999999999");
            case "boolean" -> List.of("perhaps");
            case "string" -> switch (format) {
                case "uuid" -> List.of("not-a-uuid");
                case "date" -> List.of("2026-13-45", "+999999-01-01");
                case "date-time" -> List.of("yesterday");
                default -> List.of("a\u0000b");
            };
            default -> List.of("abc");
        };
    }

    /** A body as a client would fill it in: the tenant's own ids, plausible values; never sent unchanged. */
    private ObjectNode skeleton(JsonNode schema, JsonNode schemas) {
        JsonNode v = skeletonValue("body", schema, schemas, 0);
        return v instanceof ObjectNode o ? o : NODES.objectNode();
    }

    private JsonNode skeletonValue(String field, JsonNode schema, JsonNode schemas, int depth) {
        schema = resolve(schema, schemas);
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        String f = field.toLowerCase();
        switch (type) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 4) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = properties(schema); it.hasNext(); ) {
                        var p = it.next();
                        o.set(p.getKey(), skeletonValue(p.getKey(), p.getValue(), schemas, depth + 1));
                    }
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                a.add(skeletonValue(field.endsWith("s") ? field.substring(0, field.length() - 1) : field,
                        schema.path("items"), schemas, depth + 1));
                return a;
            }
            case "number" -> {
                return NODES.numberNode(new java.math.BigDecimal("10.00"));
            }
            case "integer" -> {
                return NODES.numberNode(3);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
            }
        }
        return switch (format) {
            case "uuid" -> NODES.textNode(ids.own().getOrDefault(f.replace("ids", "").replace("id", ""),
                    UUID.randomUUID().toString()));
            case "date" -> NODES.textNode("2026-12-15");
            case "date-time" -> NODES.textNode("2026-12-15T08:00:00Z");
            case "duration" -> NODES.textNode("P1D");
            case "local-time" -> NODES.textNode("09:00");
            default -> NODES.textNode(f.contains("email") ? "someone@example.com" : f.contains("language") ? "de"
                    : f.contains("currency") ? "EUR" : f.contains("zone") ? "Europe/Paris" : f.contains("url")
                    ? "https://example.com/doc.pdf" : "Hostile " + random.nextInt(1000));
        };
    }

    // --- paths and ids ------------------------------------------------------------------------------------------

    /** What an id in the path names: the collection before it ({@code /invoices/{id}} an invoice). */
    static String kind(String template, String param) {
        if (!param.toLowerCase().endsWith("id")) {
            return null;
        }
        if (!param.equals("id")) {
            return param.substring(0, param.length() - 2).toLowerCase();
        }
        String[] parts = template.split("/");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("{" + param + "}")) {
                String collection = parts[i - 1];
                return switch (collection) {
                    case "customers" -> "customer";
                    case "invoices" -> "invoice";
                    case "credit-notes" -> "creditnote";
                    case "plans" -> "plan";
                    case "templates" -> "template";
                    case "tasks" -> "task";
                    case "emails" -> "email";
                    case "letters" -> "letter";
                    default -> collection;
                };
            }
        }
        return null;
    }

    private String ownId(String template, String param) {
        String kind = kind(template, param);
        if (kind == null) {
            return param.equals("slot") ? "ESCALATION" : "hostile-segment";
        }
        return ids.own().getOrDefault(kind, UUID.randomUUID().toString());
    }

    static String fill(String template, List<String> params, Function<String, String> value) {
        String url = template;
        for (String p : params) {
            url = url.replace("{" + p + "}", URLEncoder.encode(value.apply(p), StandardCharsets.UTF_8));
        }
        return url;
    }

    static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        for (int i = 0; i < 5 && schema.has("$ref"); i++) {
            schema = schemas.path(schema.path("$ref").asText().replace("#/components/schemas/", ""));
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(schema.path("allOf").get(0), schemas);
        }
        return schema;
    }

    static Iterator<Map.Entry<String, JsonNode>> properties(JsonNode schema) {
        return schema.path("properties").fields();
    }

    // --- sending ------------------------------------------------------------------------------------------------

    private void send(String service, String operation, String mutation, String method, String url, String body,
                      String contentType, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(method, url, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null && body != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        record(service, operation, mutation, b);
    }

    private void sendBytes(String service, String operation, String mutation, String method, String url, byte[] body)
            throws IOException, InterruptedException {
        record(service, operation, mutation, request(method, url, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"));
    }

    private HttpRequest.Builder request(String method, String url, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").method(method, body);
    }

    private void record(String service, String operation, String mutation, HttpRequest.Builder b)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        outcomes.add(new Outcome(service, operation, mutation, r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), r.body()));
    }

    /** Stands for a lone surrogate, which JSON can carry as an escape but a Java string cannot be encoded with. */
    static final String LONE_SURROGATE = "@@lone-surrogate@@";

    static String json(JsonNode node) {
        try {
            return Api.JSON.writeValueAsString(node).replace(LONE_SURROGATE, "a\\ud800b");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "…" : s;
    }
}
