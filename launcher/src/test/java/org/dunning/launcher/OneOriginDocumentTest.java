package org.dunning.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OneOriginDocumentTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void pathsGoUnderTheirPrefixAndAComponentDefinedTwoWaysIsKeptOncePerService() {
        JsonNode a = json("{'openapi':'3.1.0','info':{'version':'1'},'paths':{'/entries':{'get':{'operationId':'R_list',"
                + "'responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Entry'}}}}}}}},"
                + "'components':{'schemas':{'Entry':{'type':'object','properties':{'a':{'$ref':'#/components/schemas/UUID'}}},"
                + "'UUID':{'type':'string','format':'uuid'}}}}");
        JsonNode b = json("{'openapi':'3.1.0','info':{'version':'1'},'paths':{'/entries/{id}':{'get':{'operationId':'R_list',"
                + "'responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Entry'}}}}}}}},"
                + "'components':{'schemas':{'Entry':{'type':'object','properties':{'b':{'type':'string'}}},"
                + "'UUID':{'type':'string','format':'uuid'}}}}");

        ObjectNode merged = OneOriginDocument.merge(List.of(new OneOriginDocument.Part("one", "/api/one", a),
                new OneOriginDocument.Part("two", "/api/two", b)));

        assertThat(merged.path("paths").has("/api/one/entries")).isTrue();
        assertThat(merged.path("paths").has("/api/two/entries/{id}")).isTrue();
        JsonNode one = merged.at("/paths/~1api~1one~1entries/get");
        JsonNode two = merged.at("/paths/~1api~1two~1entries~1{id}/get");
        assertThat(one.path("operationId").asText()).isEqualTo("one_R_list");
        assertThat(two.path("operationId").asText()).isEqualTo("two_R_list");
        assertThat(one.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/one_Entry");
        assertThat(two.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/two_Entry");
        JsonNode schemas = merged.at("/components/schemas");
        assertThat(schemas.has("Entry")).isFalse();
        assertThat(schemas.at("/one_Entry/properties/a/$ref").asText()).isEqualTo("#/components/schemas/UUID");
        assertThat(schemas.at("/two_Entry/properties").has("b")).isTrue();
        assertThat(schemas.has("UUID")).isTrue(); // the same in both: kept once, under its own name
        assertThat(one.path("tags").get(0).asText()).isEqualTo("one");
    }

    /** The committed document of the one origin: every operation of every service, and no reference left dangling. */
    @Test
    void theStoredDocumentHasEveryOperationOfEveryServiceUnderItsPrefix() throws IOException {
        Path docs = Path.of("../docs/openapi");
        JsonNode merged = JSON.readTree(docs.resolve("dunning/openapi.json").toFile());
        List<OneOriginDocument.Part> parts = new ArrayList<>();
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            JsonNode doc = JSON.readTree(docs.resolve(s.name()).resolve("openapi.json").toFile());
            parts.add(new OneOriginDocument.Part(s.route().substring(5), s.route(), doc));
            doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method ->
                    assertThat(merged.path("paths").path(s.route() + p.getKey()).has(method))
                            .as("%s %s%s", method, s.route(), p.getKey()).isTrue()));
        }
        assertThat(merged).as("docs/openapi/dunning is what the services' documents merge to (./mvnw install "
                + "-DskipTests writes it)").isEqualTo(OneOriginDocument.merge(parts));

        Set<String> refs = new HashSet<>();
        collectRefs(merged, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(merged.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        Set<String> operationIds = new HashSet<>();
        merged.path("paths").forEach(item -> item.forEach(op -> {
            if (op.has("operationId")) {
                assertThat(operationIds.add(op.get("operationId").asText())).as(op.get("operationId").asText()).isTrue();
            }
        }));
        assertThat(Files.readString(docs.resolve("dunning/openapi.yaml"))).contains("/api/invoice/customers");
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    refs.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
