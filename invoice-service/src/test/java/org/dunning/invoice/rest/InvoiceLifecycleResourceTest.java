package org.dunning.invoice.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dunning.contract.Envelope;
import org.dunning.contract.Topics;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class InvoiceLifecycleResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void paymentsLowerTheOutstandingAmountOnceEachAndArePublished() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = LedgerResourceTest.customer(tenant, "a@b.example");
        String invoiceId = LedgerResourceTest.invoice(tenant, customerId, "L-1");
        String etag = given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId).then()
                .statusCode(200).header("ETag", "\"1\"").extract().header("ETag");

        Map<String, String> payment = Map.of("reference", "BANK-77", "amount", "234.56", "paidOn", "2026-11-20");
        given().header("Authorization", Tokens.bearer(tenant)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(payment).post("/invoices/" + invoiceId + "/payments").then().statusCode(200)
                .header("ETag", "\"2\"").body("outstanding", equalTo(1000.00f)).body("status", equalTo("PARTIALLY_PAID"));
        // The same payment again (a retry): nothing changes.
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body(payment)
                .post("/invoices/" + invoiceId + "/payments").then().statusCode(200).header("ETag", "\"2\"");
        // A stale If-Match is refused.
        given().header("Authorization", Tokens.bearer(tenant)).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("dueDate", "2026-12-01")).put("/invoices/" + invoiceId + "/due-date").then()
                .statusCode(412).contentType(startsWith("application/problem+json"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reference", "BANK-78", "amount", "1000.01", "paidOn", "2026-11-21"))
                .post("/invoices/" + invoiceId + "/payments").then().statusCode(422)
                .body("errors[0].field", equalTo("amount"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reference", "BANK-78", "amount", "1000.00", "paidOn", "2026-11-21"))
                .post("/invoices/" + invoiceId + "/payments").then().statusCode(200).body("status", equalTo("PAID"))
                .body("outstanding", equalTo(0f));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/invoices/" + invoiceId + "/cancellation").then().statusCode(409);

        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            String key = tenant + "/" + customerId;
            reader.awaitRecords(r -> key.equals(r.key()) && r.value().contains("BANK-78"), Duration.ofSeconds(30));
            var records = reader.settle(r -> key.equals(r.key()), Duration.ofMillis(500));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("CustomerRegistered", "InvoiceIssued", "PaymentRecorded", "PaymentRecorded");
            records.forEach(org.dunning.testing.EventSchemas::assertValid);
        }
    }

    @Test
    void anUploadedDocumentIsLinkedAndServedByItsLinkAloneAndWrongOnesAreRefused() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = LedgerResourceTest.customer(tenant, "doc@b.example");
        String invoiceId = LedgerResourceTest.invoice(tenant, customerId, "D-1");
        byte[] pdf = "%PDF-1.7\n% invoice D-1\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String url = given().header("Authorization", Tokens.bearer(tenant)).header("If-Match", "\"1\"")
                .contentType("application/pdf").body(pdf).put("/invoices/" + invoiceId + "/document/file").then()
                .statusCode(200).header("ETag", "\"2\"").extract().path("documentUrl");
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/documents/[A-Za-z0-9_-]{43}");
        String path = url.substring(url.indexOf("/documents/"));
        // no token of a tenant needed: the link is the capability
        assertThat(given().get(path).then().statusCode(200).contentType("application/pdf")
                .header("X-Content-Type-Options", "nosniff").extract().asByteArray()).isEqualTo(pdf);
        given().get("/documents/" + "A".repeat(43)).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        // a second upload (an e-invoice) is linked instead; the first link keeps serving its document
        byte[] xml = "\uFEFF <?xml version=\"1.0\"?><Invoice/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String second = given().header("Authorization", Tokens.bearer(tenant)).contentType("application/xml")
                .body(xml).put("/invoices/" + invoiceId + "/document/file").then().statusCode(200)
                .extract().path("documentUrl");
        assertThat(second).isNotEqualTo(url);
        given().get(path).then().statusCode(200).contentType("application/pdf");

        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/pdf")
                .body("<html>not a pdf</html>".getBytes()).put("/invoices/" + invoiceId + "/document/file").then()
                .statusCode(422).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("not a PDF (it does not begin with %PDF-)"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/pdf").body(new byte[0])
                .put("/invoices/" + invoiceId + "/document/file").then().statusCode(422)
                .body("errors[0].field", equalTo("body"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType("image/gif").body(pdf)
                .put("/invoices/" + invoiceId + "/document/file").then().statusCode(415);
        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/pdf").body(pdf)
                .put("/invoices/" + UUID.randomUUID() + "/document/file").then().statusCode(404);
        given().header("Authorization", Tokens.bearer("other-" + tenant)).contentType("application/pdf").body(pdf)
                .put("/invoices/" + invoiceId + "/document/file").then().statusCode(404);
        given().contentType("application/pdf").body(pdf).put("/invoices/" + invoiceId + "/document/file").then()
                .statusCode(401);
        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/pdf")
                .body(new byte[1024 * 1024 + 1]).put("/invoices/" + invoiceId + "/document/file").then()
                .statusCode(413);
    }

    @jakarta.inject.Inject
    org.dunning.platform.time.AdjustableClock clock;

    static String invoiceDue(String tenant, String customerId, String number, String due, String amount) {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", number, "issueDate", "2026-10-01",
                        "dueDate", due, "currency", "EUR", "amount", amount))
                .post("/invoices").then().statusCode(201).extract().path("id");
    }

    @Test
    void listsFilterByStatusLatenessAndDueDatesAndACustomerHasABalance() {
        clock.set(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        try {
            String tenant = "t-" + UUID.randomUUID();
            String customerId = LedgerResourceTest.customer(tenant, "a@b.example");
            invoiceDue(tenant, customerId, "F-30", "2026-11-01", "100");     // 30 days late
            invoiceDue(tenant, customerId, "F-10", "2026-11-21", "200");     // 10 days late
            invoiceDue(tenant, customerId, "F-0", "2026-12-15", "300");      // not yet due
            String paid = invoiceDue(tenant, customerId, "F-PAID", "2026-11-10", "50");
            given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                    .body(Map.of("reference", "R", "amount", "50", "paidOn", "2026-11-12"))
                    .post("/invoices/" + paid + "/payments").then().statusCode(200);

            var as = given().header("Authorization", Tokens.bearer(tenant));
            as.get("/invoices?overdue=true&sort=-dueDate").then().statusCode(200)
                    .body("items.number", org.hamcrest.Matchers.contains("F-10", "F-30"))
                    .body("items.daysLate", org.hamcrest.Matchers.contains(10, 30));
            given().header("Authorization", Tokens.bearer(tenant)).get("/invoices?daysLateFrom=15").then()
                    .body("items.number", org.hamcrest.Matchers.contains("F-30"));
            given().header("Authorization", Tokens.bearer(tenant)).get("/invoices?status=PAID").then()
                    .body("items.number", org.hamcrest.Matchers.contains("F-PAID"));
            given().header("Authorization", Tokens.bearer(tenant))
                    .get("/invoices?dueFrom=2026-11-15&dueTo=2026-12-31&sort=amount").then()
                    .body("items.number", org.hamcrest.Matchers.contains("F-10", "F-0"));
            given().header("Authorization", Tokens.bearer(tenant)).get("/invoices?sort=colour&status=LOST").then()
                    .statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("sort", "status"));
            given().header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customerId + "/balance").then()
                    .statusCode(200).body("[0].currency", equalTo("EUR")).body("[0].openInvoices", equalTo(3))
                    .body("[0].outstanding", equalTo(600.00f)).body("[0].overdue", equalTo(300.00f))
                    .body("[0].overdueInvoices", equalTo(2));
        } finally {
            clock.reset();
        }
    }

    @Test
    void disputesAndPromisesToPayAreRecorded() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = LedgerResourceTest.customer(tenant, "a@b.example");
        String invoiceId = LedgerResourceTest.invoice(tenant, customerId, "L-2");
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("reason", "goods damaged")).put("/invoices/" + invoiceId + "/dispute").then()
                .statusCode(200).body("disputed", equalTo(true));
        given().header("Authorization", Tokens.bearer(tenant)).delete("/invoices/" + invoiceId + "/dispute?note=ok")
                .then().statusCode(200).body("disputed", equalTo(false));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("date", "2026-12-10")).put("/invoices/" + invoiceId + "/expected-payment-date").then()
                .statusCode(200).body("expectedPaymentDate", equalTo("2026-12-10"));
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId + "/history").then()
                .statusCode(200).body("type", org.hamcrest.Matchers.contains("InvoiceIssued", "DisputeOpened",
                        "DisputeResolved", "ExpectedPaymentDateSet"));
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            String key = tenant + "/" + customerId;
            reader.awaitRecords(r -> key.equals(r.key()) && "ExpectedPaymentDateChanged".equals(
                    TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
            var records = reader.settle(r -> key.equals(r.key()), Duration.ofMillis(300));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE)).containsExactly(
                    "CustomerRegistered", "InvoiceIssued", "InvoiceDisputed", "InvoiceDisputeResolved",
                    "ExpectedPaymentDateChanged");
            records.forEach(org.dunning.testing.EventSchemas::assertValid);
        }
        given().header("Authorization", Tokens.bearer("other")).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).put("/invoices/" + invoiceId + "/dispute").then().statusCode(404);
    }
}
