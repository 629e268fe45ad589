package org.dunning.invoice.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dunning.contract.Envelope;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
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

@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class CreditNoteResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aCreditNoteAllocatedToAnInvoiceLowersWhatItOwes() {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = LedgerResourceTest.customer(tenant, "a@b.example");
        String invoiceId = LedgerResourceTest.invoice(tenant, customerId, "CN-INV-1");
        String noteId = given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "number", "GS-1", "issueDate", "2026-11-20", "currency", "EUR",
                        "amount", "300"))
                .post("/credit-notes").then().statusCode(201).body("unallocated", equalTo(300.00f)).extract().path("id");

        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoiceId, "amount", "200.00"))
                .post("/credit-notes/" + noteId + "/allocations").then().statusCode(200)
                .body("unallocated", equalTo(100.00f));
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId).then()
                .body("outstanding", equalTo(1034.56f)).body("status", equalTo("PARTIALLY_PAID"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoiceId, "amount", "150.00"))
                .post("/credit-notes/" + noteId + "/allocations").then().statusCode(422)
                .body("errors[0].field", equalTo("amount"));
        // Nothing of the refused allocation was written: the invoice still owes the same.
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoiceId).then()
                .body("outstanding", equalTo(1034.56f)).body("version", equalTo(2));
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("url", "https://erp.example/archive/CN-INV-1.pdf")).put("/invoices/" + invoiceId + "/document")
                .then().statusCode(200).body("documentUrl", equalTo("https://erp.example/archive/CN-INV-1.pdf"));
        given().header("Authorization", Tokens.bearer("other")).get("/credit-notes/" + noteId).then().statusCode(404);

        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            String key = tenant + "/" + customerId;
            reader.awaitRecords(r -> key.equals(r.key())
                    && "InvoiceDocumentAttached".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
            var records = reader.settle(r -> key.equals(r.key()), Duration.ofMillis(300));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE)).contains(
                    "CreditNoteIssued", "InvoiceCreditApplied", "CreditNoteAllocated", "InvoiceDocumentAttached");
            records.forEach(EventSchemas::assertValid);
        }
    }
}
