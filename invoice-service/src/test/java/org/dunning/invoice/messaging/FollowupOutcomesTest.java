package org.dunning.invoice.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.Topics;
import org.dunning.invoice.rest.LedgerResourceTest;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The ledger's side of follow-up's outcomes and notification's bounces (issue #7), from the real broker. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class FollowupOutcomesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    final String tenant = "t-" + UUID.randomUUID();

    @Test
    void aPromiseToPayBecomesTheExpectedPaymentDateOfEachInvoiceAndADisputeOpensOne() {
        String customer = LedgerResourceTest.customer(tenant, "anna@berg.example");
        String a = LedgerResourceTest.invoice(tenant, customer, "P-1");
        String b = LedgerResourceTest.invoice(tenant, customer, "P-2");
        String c = LedgerResourceTest.invoice(tenant, customer, "P-3");
        UUID cid = UUID.fromString(customer);
        try (EventPublisher p = new EventPublisher(kafka)) {
            var promise = new FollowupEvents.PromiseToPayRecorded(cid, List.of(UUID.fromString(a), UUID.fromString(b)),
                    LocalDate.of(2026, 12, 15), UUID.randomUUID(), "paid by the 15th");
            Envelope sent = p.publish(Topics.FOLLOWUP_EVENTS, tenant, tenant + "/" + customer, "task", 1, promise);
            p.publish(Topics.FOLLOWUP_EVENTS, tenant, tenant + "/" + customer, "task", 2,
                    new FollowupEvents.DisputeReported(cid, List.of(UUID.fromString(c)), "goods damaged", UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                invoice(a).body("expectedPaymentDate", equalTo("2026-12-15"));
                invoice(b).body("expectedPaymentDate", equalTo("2026-12-15"));
                invoice(c).body("disputed", equalTo(true));
            });
            // the same record again: applied once
            p.publish(Topics.FOLLOWUP_EVENTS, tenant + "/" + customer, sent, EventCodec.encode(promise));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                invoice(a).body("version", equalTo(2)));
    }

    @Test
    void aBouncedAddressMarksTheContact() {
        String customer = LedgerResourceTest.customer(tenant, "gone@berg.example");
        try (EventPublisher p = new EventPublisher(kafka)) {
            p.publish(Topics.NOTIFICATION_EVENTS, tenant, tenant + "/" + customer, "mail", 1,
                    new NotificationEvents.EmailBounced(UUID.randomUUID(), UUID.fromString(customer), "gone@berg.example",
                            "550 no such user", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customer).then()
                .statusCode(200).body("contacts[0].bounced", equalTo(true)));
    }

    io.restassured.response.ValidatableResponse invoice(String id) {
        return given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + id).then().statusCode(200);
    }
}
