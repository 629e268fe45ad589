package org.dunning.escalation.scheduling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Envelope;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A batch decides at most {@code dunning.schedule.max-steps-per-batch} steps, whole customers at a time: with a share
 * of two, the first customer's three steps are decided together all the same, the next customer waits for the next
 * batch, and one tick still fires every step once.
 */
@QuarkusTest
@TestProfile(EngineShareTest.ShareOfTwo.class)
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class EngineShareTest extends EngineScenario {

    public static class ShareOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dunning.schedule.max-steps-per-batch", "2");
        }
    }

    @Test
    void aBatchTakesWholeCustomersUpToItsShareAndTheNextBatchTheRest() {
        PlanEvents.Step reminder = new PlanEvents.Step(UUID.randomUUID(), "Friendly reminder", new PlanEvents.Trigger(
                PlanEvents.TriggerReference.DUE_DATE, PlanEvents.Direction.AFTER, 3), PlanEvents.Action.AUTO_EMAIL,
                "reminder", null);
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant + "/" + plan, "plan-" + plan, 1,
                new PlanEvents.PlanCreated(plan, 1, "Standard", PlanEvents.PlanType.ESCALATION_PER_INVOICE,
                        List.of(reminder), null, null, null));
        List<UUID> customers = List.of(customer, UUID.randomUUID(), UUID.randomUUID());
        List<UUID> invoices = new ArrayList<>();
        for (int c = 0; c < customers.size(); c++) {
            UUID id = customers.get(c);
            publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + id, "customer-" + id, 1,
                    new InvoiceEvents.CustomerRegistered(id, "Kunde " + c, "de", null,
                            List.of(InvoiceEvents.Contact.of("Anna", "anna" + c + "@kunde.example", null, null)), null,
                            List.of()));
            publisher.publish(Topics.PLAN_EVENTS, tenant, tenant + "/" + id, "assignment-" + id, 1,
                    PlanEvents.PlanAssigned.of(id, plan));
            // three invoices for the first customer, two for each other: more than a batch's share of two each
            for (int i = 0; i < (c == 0 ? 3 : 2); i++) {
                UUID invoice = UUID.randomUUID();
                invoices.add(invoice);
                publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + id, "invoice-" + invoice, 1,
                        new InvoiceEvents.InvoiceIssued(invoice, id, "INV-" + c + "-" + i, LocalDate.of(2026, 11, 17),
                                LocalDate.of(2026, 12, 1), "EUR", new BigDecimal("100.00")));
            }
        }
        for (UUID invoice : invoices) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule")
                    .then().statusCode(200).body("$", hasSize(1)));
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            reader.awaitCount(r -> r.key().startsWith(tenant + "/")
                    && "ReminderStepDue".equals(TopicReader.header(r, Envelope.Headers.TYPE)), 7, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> due = reader.settle(r -> r.key().startsWith(tenant + "/")
                    && "ReminderStepDue".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(3));
            assertThat(due).hasSize(7);
            assertThat(due.stream().map(r -> new String(r.headers().lastHeader(Envelope.Headers.SUBJECT).value()))
                    .distinct()).hasSize(7);
        }
        for (UUID invoice : invoices) {
            given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                    .body("status", everyItem(equalTo("FIRED")));
        }
    }
}
