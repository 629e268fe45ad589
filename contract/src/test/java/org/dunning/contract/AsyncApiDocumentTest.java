package org.dunning.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code asyncapi.yaml} is a valid AsyncAPI 3.0 document (against the specification's own JSON Schema), names every
 * event type of the contract and every topic, and every reference in it leads somewhere: to a component of its own or
 * to a schema file of this module.
 */
class AsyncApiDocumentTest {

    static JsonNode document;
    static String text;

    @BeforeAll
    static void read() throws Exception {
        text = resource("/asyncapi.yaml");
        document = new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    static String resource(String name) throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void itIsAnAsyncApi3Document() throws Exception {
        var specification = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(resource("/asyncapi/3.0.0.schema.json"), InputFormat.JSON);
        // as the AsyncAPI parsers do, the document's own references resolved first: a {$ref} alone is both a
        // Reference Object and a Schema Object to the specification's oneOf
        String json = new ObjectMapper().writeValueAsString(resolved(document.deepCopy()));
        assertThat(specification.validate(json, InputFormat.JSON)).isEmpty();
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void everyEventTypeIsAMessageWhosePayloadIsItsSchema() {
        JsonNode messages = document.path("components").path("messages");
        for (String type : EventTypes.names()) {
            JsonNode message = messages.path(type);
            assertThat(message.isMissingNode()).as("message " + type).isFalse();
            assertThat(message.path("payload").path("$ref").asText())
                    .isEqualTo("." + EventTypes.schemaResource(type, EventTypes.SCHEMA_VERSION));
            assertThat(channelsCarrying(type)).as("the channel of " + type).hasSize(1);
        }
    }

    @Test
    void everyTopicIsAChannelAndEveryChannelATopic() {
        Set<String> addresses = new HashSet<>();
        document.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).containsAll(Topics.ALL);
        Set<String> others = addresses.stream().filter(a -> !Topics.ALL.contains(a)).collect(Collectors.toSet());
        assertThat(others).allMatch(a -> a.matches("dunning\\.[a-z]+\\.dead-letter"), "a consumer's dead-letter topic");
        assertThat(others).hasSize(6); // invoice, plan, escalation, notification, followup, insights
    }

    @Test
    void everyReferenceLeadsSomewhere() throws Exception {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                assertThat(document.at(ref.substring(1).replace("~1", "/")).isMissingNode()).as(ref).isFalse();
            } else {
                assertThat(ref).startsWith("./schemas/");
                assertThat(AsyncApiDocumentTest.class.getResource(ref.substring(1))).as(ref).isNotNull();
            }
        }
    }

    /**
     * The node with every reference to a component replaced by the component (the document has no cycles); an
     * operation's channel and messages stay references, as the specification wants them.
     */
    private static JsonNode resolved(JsonNode node) {
        if (node.isObject() && node.size() == 1 && node.path("$ref").asText().startsWith("#/components/")) {
            return resolved(document.at(node.path("$ref").asText().substring(1)).deepCopy());
        }
        if (node.isObject()) {
            var object = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> object.set(n, resolved(object.get(n))));
        } else if (node.isArray()) {
            var array = (com.fasterxml.jackson.databind.node.ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, resolved(array.get(i)));
            }
        }
        return node;
    }

    private List<String> channelsCarrying(String type) {
        List<String> found = new ArrayList<>();
        document.path("channels").fields().forEachRemaining(c -> {
            if (c.getValue().path("messages").has(type)) {
                found.add(c.getKey());
            }
        });
        return found;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
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
