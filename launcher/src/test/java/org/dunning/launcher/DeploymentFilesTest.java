package org.dunning.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.dunning.contract.Topics;
import org.dunning.infra.KafkaBroker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment files name what the code uses: its topics, and each service's consumer group and topics. */
class DeploymentFilesTest {

    static final Path K8S = Path.of("../k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    @Test
    void strimziMakesEveryTopicTheSystemUsesWithTheLocalBrokersPartitions() throws IOException {
        Set<String> expected = new TreeSet<>(Topics.ALL);
        expected.addAll(DunningSystem.DEAD_LETTER_TOPICS);
        Set<String> made = new TreeSet<>();
        for (JsonNode topic : documents(K8S.resolve("components/strimzi-topics/kafkatopics.yaml"))) {
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            made.add(topic.at("/spec/topicName").asText());
            assertThat(topic.at("/spec/partitions").asInt()).as(topic.at("/spec/topicName").asText())
                    .isEqualTo(KafkaBroker.PARTITIONS);
        }
        assertThat(made).isEqualTo(expected);
    }

    @Test
    void kedaWatchesEachServicesOwnGroupOnTheTopicsItConsumes() throws IOException {
        List<JsonNode> scaled = documents(K8S.resolve("components/keda/scaledobjects.yaml"));
        assertThat(scaled).hasSize(DunningSystem.SERVICES.size());
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            Properties config = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of("..", s.name(), "src/main/resources/application.properties"))) {
                config.load(r);
            }
            Set<String> topics = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            config.stringPropertyNames().forEach(k -> {
                if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".topic")) {
                    topics.add(config.getProperty(k));
                }
                if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")) {
                    groups.add(config.getProperty(k));
                }
            });
            JsonNode object = scaled.stream().filter(o -> o.at("/spec/scaleTargetRef/name").asText().equals(s.name()))
                    .findFirst().orElseThrow(() -> new AssertionError("no ScaledObject for " + s.name()));
            Set<String> watched = new TreeSet<>();
            object.at("/spec/triggers").forEach(t -> {
                watched.add(t.at("/metadata/topic").asText());
                assertThat(t.at("/metadata/consumerGroup").asText()).isEqualTo(s.name());
            });
            assertThat(groups).as(s.name() + "'s consumer groups").containsExactly(s.name());
            assertThat(watched).as(s.name()).isEqualTo(topics);
        }
    }
}
