package org.dunning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;

/**
 * The OpenAPI document a service's build stores in {@code docs/openapi/<service>/} (see the parent pom) against the
 * one the running service serves: in CI, against the committed one, so an API changed without its document fails.
 */
public final class ApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String PROBLEM = "application/problem+json";

    private ApiDocument() {
    }

    /** The running service (RestAssured's port) serves the stored document, and it documents every operation. */
    public static void assertServedAsStored(String service) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode served = (ObjectNode) json.readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        served.remove("servers"); // the test's own port, never in the stored document
        Path file = Path.of("../docs/openapi", service, "openapi.json");
        JsonNode stored = json.readTree(Files.readString(file));
        if (!served.equals(stored)) {
            Files.writeString(Path.of("target/openapi-served.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(served));
            throw new AssertionError(file + " is not what the service serves (it serves target/openapi-served.json; after "
                    + "changing the API, ./mvnw install -DskipTests writes the document: commit docs/openapi)");
        }
        List<String> missing = incomplete(served);
        if (!missing.isEmpty()) {
            throw new AssertionError("operations of " + service + " without what a client needs: " + missing);
        }
    }

    /** Each operation without a summary, a success answer, or its problem answers with an example. */
    public static List<String> incomplete(JsonNode document) {
        List<String> missing = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            JsonNode responses = operation.path("responses");
            if (operation.path("summary").asText().isBlank()) {
                missing.add(name + ": summary");
            }
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                missing.add(name + ": a 2xx answer");
            }
            codes.stream().filter(c -> c.startsWith("2")).forEach(c -> responses.path(c).path("content").fields()
                    .forEachRemaining(media -> {
                        if (!media.getValue().has("schema")) {
                            missing.add(name + ": the schema of its " + c + " answer (" + media.getKey() + ")");
                        }
                    }));
            List<String> problems = new ArrayList<>(List.of("400", "406", "503"));
            if (path.getKey().contains("{")) {
                problems.add("404");
            }
            if (operation.has("requestBody")) {
                problems.addAll(List.of("413", "415", "422"));
            }
            for (String code : problems) {
                JsonNode media = responses.path(code).path("content").path(PROBLEM);
                if (!media.has("schema") || media.path("examples").isEmpty()) {
                    missing.add(name + ": " + code + " as problem+json with an example");
                }
            }
        }));
        return missing;
    }
}
