package org.dunning.invoice.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * Operating the dead letters over REST against the real broker: a fact refused by an earlier version is listed with
 * its reason, replayed to the inbound topic once its cause is fixed and applied; each replay is recorded; a malformed
 * record replayed is refused again, naming the dead letter it was; another tenant sees none of it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class DeadLetterOperationsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    static final String DLQ = Topics.INVOICE_INBOUND_DLQ;

    @Test
    void aDeadLetterIsListedInspectedReplayedAndRecorded() throws Exception {
        String tenant = "dl-" + UUID.randomUUID();
        String admin = Tokens.bearer(tenant, "user", "admin");
        String fact = "{\"kind\":\"CustomerUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"sap\","
                + "\"externalId\":\"C-1\",\"sourceVersion\":1,\"name\":\"Wiederholt GmbH\",\"language\":\"de\"}";
        long offset;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka), new StringSerializer(), new StringSerializer())) {
            // what an earlier version refused for a bug since fixed: a valid fact on the dead-letter topic
            ProducerRecord<String, String> refused = new ProducerRecord<>(DLQ, tenant + "/C-1", fact);
            refused.headers().add("dead-letter-reason", utf8("customer: a bug since fixed"))
                    .add("dead-letter-topic", utf8(Topics.INVOICE_INBOUND))
                    .add("dead-letter-partition", utf8("0")).add("dead-letter-offset", utf8("7"));
            RecordMetadata sent = producer.send(refused).get();
            offset = sent.offset();
            // and a malformed fact the consumer refuses now
            producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/C-2", "{not json")).get();
        }
        String path = "/admin/dead-letters/" + DLQ + "/" + partitionOf(tenant, admin) + "/" + offset;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", admin)
                .get("/admin/dead-letters?topic=" + DLQ).then().statusCode(200)
                .body("items.findAll { it.tenant == '" + tenant + "' }", hasSize(2))
                .body("items.reason", hasItem(containsString("not an invoice fact")))
                .body("items.reason", hasItem("customer: a bug since fixed")));
        // another tenant's admin sees none of them, a user without the admin role may not look
        given().header("Authorization", Tokens.bearer("other-" + tenant, "user", "admin"))
                .get("/admin/dead-letters").then().statusCode(200)
                .body("items.findAll { it.tenant == '" + tenant + "' }", hasSize(0));
        given().header("Authorization", Tokens.bearer("other-" + tenant, "user", "admin")).get(path).then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer(tenant, "user")).get("/admin/dead-letters").then().statusCode(403);
        given().header("Authorization", admin).get("/admin/dead-letters?topic=dunning.plan.events").then()
                .statusCode(404);

        given().header("Authorization", admin).get(path).then().statusCode(200)
                .body("value", equalTo(fact)).body("source.topic", equalTo(Topics.INVOICE_INBOUND))
                .body("headers.'dead-letter-reason'", equalTo("customer: a bug since fixed")).body("replays", hasSize(0));

        // replayed: back on the inbound topic, applied, recorded; a second replay needs again=true
        given().header("Authorization", admin).post(path + "/replay").then().statusCode(201)
                .body("targetTopic", equalTo(Topics.INVOICE_INBOUND)).body("deadLetter", containsString(DLQ));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", admin)
                .get("/customers").then().statusCode(200).body("items.name", hasItem("Wiederholt GmbH")));
        given().header("Authorization", admin).post(path + "/replay").then().statusCode(409)
                .body("detail", containsString("again=true"));
        given().header("Authorization", admin).post(path + "/replay?again=true").then().statusCode(201);
        given().header("Authorization", admin).get(path).then().statusCode(200).body("replays", hasSize(2));
        // the replayed fact changed nothing the second time (the ledger takes a source version once)
        given().header("Authorization", admin).get("/customers").then()
                .body("items.findAll { it.name == 'Wiederholt GmbH' }", hasSize(1));

        // a malformed record replayed is refused again, and its new dead letter names the one it was
        String malformed = given().header("Authorization", admin).get("/admin/dead-letters?topic=" + DLQ).then()
                .extract().path("items.find { it.tenant == '" + tenant + "' && it.key.endsWith('/C-2') }.offset")
                .toString();
        int malformedPartition = given().header("Authorization", admin).get("/admin/dead-letters?topic=" + DLQ).then()
                .extract().path("items.find { it.tenant == '" + tenant + "' && it.key.endsWith('/C-2') }.partition");
        given().header("Authorization", admin).post("/admin/dead-letters/" + DLQ + "/" + malformedPartition + "/"
                + malformed + "/replay").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> mine = given().header("Authorization", admin)
                    .get("/admin/dead-letters?topic=" + DLQ).then().extract()
                    .path("items.findAll { it.tenant == '" + tenant + "' && it.key.endsWith('/C-2') }");
            org.assertj.core.api.Assertions.assertThat(mine).hasSize(2);
        });
        String newest = given().header("Authorization", admin).get("/admin/dead-letters?topic=" + DLQ).then().extract()
                .path("items.find { it.tenant == '" + tenant + "' && it.key.endsWith('/C-2') }.offset").toString();
        given().header("Authorization", admin).get("/admin/dead-letters/" + DLQ + "/" + malformedPartition + "/" + newest)
                .then().statusCode(200).body("headers.'dunning-replay-of'",
                        equalTo(DLQ + "/" + malformedPartition + "/" + malformed));
    }

    /** The partition of the tenant's refused record, as the list shows it. */
    private static int partitionOf(String tenant, String admin) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", admin)
                .get("/admin/dead-letters?topic=" + DLQ).then().statusCode(200).extract()
                .<Integer>path("items.find { it.tenant == '" + tenant + "' && it.key.endsWith('/C-1') }.partition"),
                p -> p != null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
