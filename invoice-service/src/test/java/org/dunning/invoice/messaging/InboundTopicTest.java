package org.dunning.invoice.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** An ERP feeds the ledger over the real broker: duplicates, late versions and poison records change nothing. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class InboundTopicTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    KafkaProducer<String, String> producer;
    String tenant;

    @BeforeEach
    void setUp() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka), new StringSerializer(),
                new StringSerializer());
        tenant = "erp-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    void send(String json) {
        if (json.startsWith("{\"")) {
            // What the test publishes as a valid fact is one by the documented schema.
            List<String> problems = EventSchemas.inboundFactProblems(json);
            if (json.contains("\"amount\":-")) {
                assertThat(problems).isNotEmpty();
            } else {
                assertThat(problems).as(json).isEmpty();
            }
        }
        sendRaw(tenant + "/C-1", json);
    }

    /** Publishes a record as it is, valid by the schema or not. */
    void sendRaw(String key, String json) {
        try {
            producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String customer(long version, String name) {
        return "{\"kind\":\"CustomerUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"sap\","
                + "\"externalId\":\"C-1\",\"sourceVersion\":" + version + ",\"name\":\"" + name + "\",\"language\":\"de\","
                + "\"contacts\":[{\"name\":\"Anna\",\"email\":\"anna@berg.example\"}]}";
    }

    String invoice(long version, String due, String amount) {
        return "{\"kind\":\"InvoiceUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"sap\","
                + "\"externalId\":\"90001\",\"sourceVersion\":" + version + ",\"customerExternalId\":\"C-1\","
                + "\"number\":\"RE-90001\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"" + due + "\",\"currency\":\"EUR\","
                + "\"amount\":" + amount + "}";
    }

    String payment(String id, String amount) {
        return "{\"kind\":\"PaymentReceived\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"sap\","
                + "\"externalId\":\"" + id + "\",\"sourceVersion\":1,\"invoiceExternalId\":\"90001\","
                + "\"amount\":" + amount + ",\"paidOn\":\"2026-11-20\"}";
    }

    Map<String, Object> theInvoice() {
        return given().header("Authorization", Tokens.bearer(tenant)).get("/invoices?status=OPEN,PARTIALLY_PAID,PAID")
                .then().statusCode(200).extract().path("items[0]");
    }

    @Test
    void factsAreAppliedOnceInVersionOrderAndPoisonGoesToTheDeadLetterTopic() {
        try (TopicReader dlq = new TopicReader(kafka, Topics.INVOICE_INBOUND_DLQ)) {
            send(customer(1, "Berg GmbH"));
            send(invoice(1, "2026-11-15", "1000.00"));
            await().atMost(Duration.ofSeconds(30)).until(() -> theInvoice() != null);
            assertThat(theInvoice().get("number")).isEqualTo("RE-90001");

            send("{not json");                                               // poison
            send(invoice(1, "2026-11-30", "5.00"));                          // duplicate version: ignored
            send(invoice(3, "2026-11-20", "1000.00"));                       // newer: the due date moves
            send(invoice(2, "2026-12-31", "1000.00"));                       // older, arrives late: ignored
            send(payment("PAY-1", "-4"));                                    // refused by the ledger
            send(payment("PAY-2", "400.00"));
            send(payment("PAY-2", "400.00"));                                // the same payment again
            send(customer(2, "Berg AG"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(tenant)).get("/customers").then()
                    .body("items[0].name", equalTo("Berg AG")));
            Map<String, Object> invoice = theInvoice();
            assertThat(invoice.get("dueDate")).isEqualTo("2026-11-20");
            assertThat(invoice.get("amount")).isEqualTo(1000.0f);
            assertThat(invoice.get("outstanding")).isEqualTo(600.0f);
            assertThat(invoice.get("status")).isEqualTo("PARTIALLY_PAID");

            var dead = dlq.awaitRecords(r -> r.value().contains("PAY-1"), Duration.ofSeconds(30));
            assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("amount");
            var poison = dlq.settle(r -> "{not json".equals(r.value()) && r.key().startsWith(tenant + "/"),
                    Duration.ofMillis(500));
            assertThat(poison).hasSize(1);
            assertThat(TopicReader.header(poison.get(0), "dead-letter-reason")).contains("not an invoice fact");
        }
    }

    @Test
    void aCreditNoteIsIssuedAndAllocatedOnce() {
        send(customer(1, "Berg GmbH"));
        send(invoice(1, "2026-11-15", "1000.00"));
        String note = "{\"kind\":\"CreditNoteIssued\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"sap\","
                + "\"externalId\":\"GS-7\",\"sourceVersion\":1,\"customerExternalId\":\"C-1\",\"number\":\"GS-7\","
                + "\"issueDate\":\"2026-11-18\",\"currency\":\"EUR\",\"amount\":250.00,"
                + "\"allocations\":[{\"invoiceExternalId\":\"90001\",\"amount\":250.00}]}";
        send(note);
        send(note);
        await().atMost(Duration.ofSeconds(30)).until(() -> theInvoice() != null
                && Float.valueOf(750.0f).equals(theInvoice().get("outstanding")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> Float.valueOf(750.0f).equals(theInvoice().get("outstanding")));
    }

    @Test
    void anInvoiceOfAnUnknownCustomerIsRefusedWithTheReason() {
        try (TopicReader dlq = new TopicReader(kafka, Topics.INVOICE_INBOUND_DLQ)) {
            send(invoice(1, "2026-11-15", "10.00"));
            var dead = dlq.awaitRecords(r -> r.value().contains(tenant), Duration.ofSeconds(30));
            assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("customerExternalId");
        }
    }

    @Test
    void aCustomersBillingAddressComesWithItsFactAndAFactWithoutOneKeepsIt() {
        String address = ",\"billingAddress\":{\"street\":[\"Hauptstraße 1\"],\"postalCode\":\"10115\","
                + "\"city\":\"Berlin\",\"country\":\"DE\"}}";
        send(customer(1, "Berg GmbH").replaceAll("}$", address));
        await().atMost(Duration.ofSeconds(30)).until(() -> theCustomer() != null
                && theCustomer().get("billingAddress") instanceof Map<?, ?> stored && "Berlin".equals(stored.get("city")));
        send(customer(2, "Berg AG"));
        await().atMost(Duration.ofSeconds(30)).until(() -> theCustomer() != null
                && "Berg AG".equals(theCustomer().get("name")));
        assertThat(((Map<?, ?>) theCustomer().get("billingAddress")).get("postalCode")).isEqualTo("10115");
    }

    @Test
    void anInvoicesPaymentLinkComesWithItsFactAndAFactWithoutOneKeepsIt() {
        send(customer(1, "Berg GmbH"));
        send(invoice(1, "2026-11-15", "10.00").replaceAll("}$", ",\"paymentUrl\":\"https://pay.example.com/i/90001\"}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> theInvoice() != null
                && "https://pay.example.com/i/90001".equals(theInvoice().get("paymentUrl")));
        send(invoice(2, "2026-11-20", "10.00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> theInvoice() != null
                && "2026-11-20".equals(theInvoice().get("dueDate")));
        assertThat(theInvoice().get("paymentUrl")).isEqualTo("https://pay.example.com/i/90001");
        send(invoice(3, "2026-11-20", "10.00").replaceAll("}$", ",\"paymentUrl\":\"https://pay.example.com/i/new\"}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "https://pay.example.com/i/new".equals(
                theInvoice().get("paymentUrl")));
    }

    Map<String, Object> theCustomer() {
        return given().header("Authorization", Tokens.bearer(tenant)).get("/customers").then().statusCode(200)
                .extract().path("items[0]");
    }

    @Test
    void aFactTheLedgerCannotKeepIsDeadLetteredAtOnceNamingTheFieldAndTheNextOneIsApplied() {
        try (TopicReader dlq = new TopicReader(kafka, Topics.INVOICE_INBOUND_DLQ)) {
            send(customer(1, "Berg GmbH"));
            long start = System.nanoTime();
            sendRaw(tenant + "/C-1", invoice(1, "2026-11-15", "1e400"));                                         // far too large
            sendRaw(tenant + "/C-1", invoice(1, "2026-11-15", "10.00").replace("RE-90001", "RE-\\u0000"));      // a NUL character
            sendRaw(tenant + "/C-1", invoice(1, "+999999-11-15", "10.00"));                                      // an absurd date
            sendRaw("other-" + tenant + "/C-1", invoice(1, "2026-11-15", "10.00"));               // another tenant's key
            sendRaw(tenant + "/C-1", customer(2, "x".repeat(5000)));                                               // a name too long
            sendRaw(tenant + "/C-1", customer(3, "Berg").replaceAll("}$", ",\"billingAddress\":{\"street\":[\"A 1\"],"
                    + "\"postalCode\":\"ABC\",\"city\":\"Berlin\",\"country\":\"DE\"}}"));                         // a wrong code
            send(invoice(1, "2026-11-15", "10.00"));                                           // valid: applied
            await().atMost(Duration.ofSeconds(30)).until(() -> theInvoice() != null);
            var dead = dlq.awaitRecords(r -> r.value().contains(tenant), Duration.ofSeconds(30));
            // dead letters are written at least once (a rebalance may hand a poll over again): six distinct records
            await().atMost(Duration.ofSeconds(10)).until(() -> dlq.settle(r -> r.value().contains(tenant),
                    Duration.ofMillis(200)).stream().map(r -> r.value()).distinct().count() == 6);
            dead = dlq.settle(r -> r.value().contains(tenant), Duration.ofMillis(200));
            // refused for good at once: no minute of retries blocking the partition
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
            Map<String, String> reasons = new java.util.HashMap<>();
            dead.forEach(r -> reasons.put(r.value(), TopicReader.header(r, "dead-letter-reason")));
            assertThat(reasons.values()).allSatisfy(reason -> assertThat(reason).doesNotContainIgnoringCase("insert")
                    .doesNotContainIgnoringCase("select"));
            java.util.function.Function<String, String> reasonOf = part -> reasons.entrySet().stream()
                    .filter(e -> e.getKey().contains(part)).findFirst().orElseThrow().getValue();
            assertThat(reasonOf.apply("1e400")).contains("amount");
            assertThat(reasonOf.apply("u0000")).contains("number").contains("control characters");
            assertThat(reasonOf.apply("+999999")).contains("dueDate");
            assertThat(reasons.get(invoice(1, "2026-11-15", "10.00"))).contains("tenantId").contains("key");
            assertThat(reasonOf.apply("xxxxxxxxxx")).contains("name").contains("at most 200");
            assertThat(reasonOf.apply("\"ABC\"")).contains("billingAddress.postalCode");
            assertThat(theInvoice().get("number")).isEqualTo("RE-90001");
        }
    }
}
