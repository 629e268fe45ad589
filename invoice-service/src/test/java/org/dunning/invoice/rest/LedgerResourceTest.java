package org.dunning.invoice.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Envelope;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
public class LedgerResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    public static String customer(String tenant, String email) {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("name", "Berg GmbH", "language", "de",
                        "contacts", List.of(Map.of("name", "Anna Berg", "email", email, "role", "accounting"))))
                .post("/customers").then().statusCode(201).extract().path("id");
    }

    public static String invoice(String tenant, String customerId, String number) {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", number, "issueDate", "2026-11-01",
                        "dueDate", "2026-11-15", "currency", "EUR", "amount", "1234.56"))
                .post("/invoices").then().statusCode(201).extract().path("id");
    }

    @Test
    void customerAndInvoiceAreRecordedAndPublishedInOrderWithTheirEnvelope() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "anna@berg.example");
        String invoiceId = invoice(tenant, customerId, "INV-" + UUID.randomUUID());

        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId).then().statusCode(200)
                .body("customerId", equalTo(customerId)).body("amount", equalTo(1234.56f))
                .body("status", equalTo("OPEN"));
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices?customerId=" + customerId).then()
                .statusCode(200).body("items.id", hasItem(invoiceId));
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId + "/history").then()
                .statusCode(200).body("[0].type", equalTo("InvoiceIssued"));

        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            String key = tenant + "/" + customerId;
            List<ConsumerRecord<String, String>> records = reader.awaitRecords(
                    r -> key.equals(r.key()) && "InvoiceIssued".equals(TopicReader.header(r, Envelope.Headers.TYPE)),
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> all = reader.settle(r -> key.equals(r.key()), Duration.ofMillis(500));
            assertThat(all).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("CustomerRegistered", "InvoiceIssued");
            all.forEach(EventSchemas::assertValid);
            ConsumerRecord<String, String> issued = records.get(0);
            assertThat(TopicReader.header(issued, Envelope.Headers.TENANT)).isEqualTo(tenant);
            assertThat(TopicReader.header(issued, Envelope.Headers.SUBJECT)).isEqualTo("invoice-" + invoiceId);
            assertThat(TopicReader.header(issued, Envelope.Headers.SEQUENCE)).isEqualTo("1");
            assertThat(TopicReader.header(issued, Envelope.Headers.SOURCE)).isEqualTo("dunning/invoice-service");
            assertThat(issued.value()).contains("\"number\":\"INV-").contains("\"amount\":1234.56");
        }
    }

    @Test
    void aCustomerIsUpdatedWithItsETagAndTheChangeIsPublished() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "old@berg.example");
        Map<String, Object> update = Map.of("name", "Berg AG", "language", "de", "segment", "enterprise",
                "contacts", List.of(Map.of("name", "Anna Berg", "email", "new@berg.example", "role", "accounting")));
        given().header("Authorization", Tokens.bearer(tenant)).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(update).put("/customers/" + customerId).then().statusCode(200).header("ETag", "\"2\"")
                .body("contacts[0].email", equalTo("new@berg.example"));
        given().header("Authorization", Tokens.bearer(tenant)).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(update).put("/customers/" + customerId).then().statusCode(412);
        given().header("Authorization", Tokens.bearer("other")).contentType(ContentType.JSON)
                .body(update).put("/customers/" + customerId).then().statusCode(404);
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            reader.awaitRecords(r -> (tenant + "/" + customerId).equals(r.key())
                    && "CustomerUpdated".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
        }
    }

    @Test
    void aBillingAddressIsCheckedPerCountryKeptAndPublished() {
        String tenant = "t-" + UUID.randomUUID();
        Map<String, Object> wrong = Map.of("name", "Berg GmbH", "language", "de", "billingAddress", Map.of(
                "street", List.of("Hauptstraße 1"), "postalCode", "1011", "city", "Berlin", "country", "Germany"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body(wrong)
                .post("/customers").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.field", org.hamcrest.Matchers.hasItems("billingAddress.country"));
        Map<String, Object> badCode = Map.of("name", "Berg GmbH", "language", "de", "billingAddress", Map.of(
                "street", List.of("Hauptstraße 1"), "postalCode", "1011", "city", "Berlin", "country", "DE"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body(badCode)
                .post("/customers").then().statusCode(422)
                .body("errors[0].field", equalTo("billingAddress.postalCode"))
                .body("errors[0].message", equalTo("a postal code of DE such as 10115"));
        Map<String, Object> good = Map.of("name", "Berg Ltd", "language", "en", "billingAddress", Map.of(
                "recipient", "Accounts Payable", "street", List.of("10 Downing Street"), "postalCode", "sw1a2aa",
                "city", "London", "country", "gb"));
        String id = given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body(good)
                .post("/customers").then().statusCode(201).body("billingAddress.postalCode", equalTo("SW1A 2AA"))
                .body("billingAddress.country", equalTo("GB")).extract().path("id");
        given().header("Authorization", Tokens.bearer(tenant)).get("/customers/" + id).then().statusCode(200)
                .body("billingAddress.recipient", equalTo("Accounts Payable"))
                .body("billingAddress.street[0]", equalTo("10 Downing Street"));
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            var record = reader.awaitRecords(r -> (tenant + "/" + id).equals(r.key())
                    && "CustomerRegistered".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30))
                    .get(0);
            assertThat(((org.dunning.contract.InvoiceEvents.CustomerRegistered) org.dunning.contract.EventCodec
                    .decode("CustomerRegistered", record.value())).billingAddress().city()).isEqualTo("London");
        }
    }

    @Test
    void anInvoicesPaymentLinkIsSetReplacedRemovedAndPublished() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "pay@berg.example");
        String id = given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "PL-1", "issueDate", "2026-11-01",
                        "dueDate", "2026-11-15", "currency", "EUR", "amount", "10.00",
                        "paymentUrl", "https://pay.example.com/i/PL-1"))
                .post("/invoices").then().statusCode(201)
                .body("paymentUrl", equalTo("https://pay.example.com/i/PL-1")).extract().path("id");
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "javascript:alert(1)")).put("/invoices/" + id + "/payment-link").then()
                .statusCode(422).body("errors[0].field", equalTo("url"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "https://pay.example.com/i/PL-1b")).put("/invoices/" + id + "/payment-link").then()
                .statusCode(200).body("paymentUrl", equalTo("https://pay.example.com/i/PL-1b"));
        given().header("Authorization", Tokens.bearer(tenant)).delete("/invoices/" + id + "/payment-link").then()
                .statusCode(200).body("paymentUrl", org.hamcrest.Matchers.nullValue());
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            var links = reader.awaitCount(r -> (tenant + "/" + customerId).equals(r.key())
                    && "InvoicePaymentLinkChanged".equals(TopicReader.header(r, Envelope.Headers.TYPE)), 3,
                    Duration.ofSeconds(30));
            links.forEach(EventSchemas::assertValid);
            assertThat(links.stream().map(r -> ((org.dunning.contract.InvoiceEvents.InvoicePaymentLinkChanged)
                    org.dunning.contract.EventCodec.decode("InvoicePaymentLinkChanged", r.value())).url()).toList())
                    .containsExactly("https://pay.example.com/i/PL-1", "https://pay.example.com/i/PL-1b", null);
        }
    }

    @Test
    void aBouncedContactIsMarkedAndAnArchivedCustomerTakesNoInvoices() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "anna@berg.example");
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("email", "anna@berg.example")).post("/customers/" + customerId + "/bounces").then()
                .statusCode(200).body("contacts[0].bounced", equalTo(true));
        given().header("Authorization", Tokens.bearer(tenant)).post("/customers/" + customerId + "/archive").then()
                .statusCode(200).body("archived", equalTo(true));
        given().header("Authorization", Tokens.bearer(tenant)).get("/customers").then()
                .body("items.size()", equalTo(0));
        given().header("Authorization", Tokens.bearer(tenant)).get("/customers?archived=true").then()
                .body("items[0].id", equalTo(customerId));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "ARCH-1", "issueDate", "2026-11-01",
                        "dueDate", "2026-11-15", "currency", "EUR", "amount", "10"))
                .post("/invoices").then().statusCode(422).body("errors[0].field", equalTo("customerId"));
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            reader.awaitRecords(r -> (tenant + "/" + customerId).equals(r.key())
                    && "CustomerArchived".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
            assertThat(reader.settle(r -> (tenant + "/" + customerId).equals(r.key()), Duration.ofMillis(300)))
                    .extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("CustomerRegistered", "ContactBounced", "CustomerArchived");
            reader.settle(r -> (tenant + "/" + customerId).equals(r.key()), Duration.ZERO)
                    .forEach(EventSchemas::assertValid);
        }
    }

    @Test
    void anotherTenantSeesNothingAndChangesNothing() {
        String customerId = customer("tenant-a", "a@a.example");
        String invoiceId = invoice("tenant-a", customerId, "A-" + UUID.randomUUID());
        given().header("Authorization", Tokens.bearer("tenant-b")).get("/invoices/" + invoiceId).then()
                .statusCode(404).contentType(startsWith("application/problem+json"));
        given().header("Authorization", Tokens.bearer("tenant-b")).get("/customers/" + customerId).then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer("tenant-b")).get("/invoices?customerId=" + customerId).then()
                .statusCode(200).body("items.size()", equalTo(0));
        // Tenant B cannot bill tenant A's customer: to B that customer does not exist.
        given().header("Authorization", Tokens.bearer("tenant-b")).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "B-1", "issueDate", "2026-11-01",
                        "dueDate", "2026-11-15", "currency", "EUR", "amount", "10"))
                .post("/invoices").then().statusCode(422).body("errors[0].field", equalTo("customerId"));
    }

    @Test
    void invalidInputIsRefusedWithProblemJsonNamingTheFieldsAndWritesNothing() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "x@y.example");
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "N-1", "issueDate", "2026-11-20",
                        "dueDate", "2026-11-01", "currency", "XYZ", "amount", "-5"))
                .post("/invoices").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(422))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("dueDate", "currency", "amount"));
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body("{\"name\": ")
                .post("/customers").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("stackTrace", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aDuplicateInvoiceNumberConflicts() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "x@y.example");
        invoice(tenant, customerId, "DUP-1");
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "DUP-1", "issueDate", "2026-11-01",
                        "dueDate", "2026-11-15", "currency", "EUR", "amount", "10"))
                .post("/invoices").then().statusCode(409).contentType(startsWith("application/problem+json"));
    }

    @Test
    void anInvoiceNeedsACustomerOfTheCallersTenant() {
        String tenant = "t-" + UUID.randomUUID();
        String othersCustomer = customer("other-" + tenant, "x@y.example");
        for (String customerId : List.of(othersCustomer, UUID.randomUUID().toString())) {
            given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customerId, "number", "NC-1", "issueDate", "2026-11-01",
                            "dueDate", "2026-11-15", "currency", "EUR", "amount", "10"))
                    .post("/invoices").then().statusCode(422).body("errors[0].field", equalTo("customerId"));
        }
    }

    @Test
    void anIdempotencyKeyMakesARetriedCreateReturnTheFirstResult() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = customer(tenant, "x@y.example");
        Map<String, Object> body = Map.of("customerId", customerId, "number", "IDEM-1", "issueDate", "2026-11-01",
                "dueDate", "2026-11-15", "currency", "EUR", "amount", "10");
        String first = given().header("Authorization", Tokens.bearer(tenant)).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).post("/invoices").then().statusCode(201).extract().path("id");
        String again = given().header("Authorization", Tokens.bearer(tenant)).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).post("/invoices").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/invoices/" + first)).extract().path("id");
        assertThat(again).isEqualTo(first);
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices").then().body("items.size()", equalTo(1));
        given().header("Authorization", Tokens.bearer(tenant)).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(Map.of("customerId", customerId, "number", "IDEM-2",
                        "issueDate", "2026-11-01", "dueDate", "2026-11-15", "currency", "EUR", "amount", "10"))
                .post("/invoices").then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        // Keys are per tenant: another tenant's identical key creates its own customer.
        given().header("Authorization", Tokens.bearer("other-" + tenant)).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(Map.of("name", "Z", "language", "en")).post("/customers").then()
                .statusCode(201);
    }

    @Test
    void withoutAValidTokenNothingIsServed() {
        given().get("/invoices").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/invoices").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("t", "someone-else")).get("/invoices").then().statusCode(403);
    }

    @Test
    void operationsEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/invoices"));
        given().get("/q/metrics").then().statusCode(200);
    }
}
