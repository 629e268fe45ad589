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
            assertThat(reader.settle(r -> key.equals(r.key()), Duration.ofMillis(500)))
                    .extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("CustomerRegistered", "InvoiceIssued", "PaymentRecorded", "PaymentRecorded");
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
        given().header("Authorization", Tokens.bearer("other")).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).put("/invoices/" + invoiceId + "/dispute").then().statusCode(404);
    }
}
