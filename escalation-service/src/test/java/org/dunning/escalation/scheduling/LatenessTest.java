package org.dunning.escalation.scheduling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Lateness changes (R7.10) on the lateness topic: became overdue, level reached, back to current. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class LatenessTest extends EngineScenario {

    @Test
    void aCustomerBecomesOverdueWhenTheDayStartsReachesALevelAndIsBackToCurrentWhenPaid() {
        UUID plan = UUID.randomUUID();
        PlanEvents.Step step = new PlanEvents.Step(UUID.randomUUID(), "Friendly reminder", new PlanEvents.Trigger(
                PlanEvents.TriggerReference.DUE_DATE, PlanEvents.Direction.AFTER, 3), PlanEvents.Action.AUTO_EMAIL,
                "friendly", null);
        String key = tenant + "/" + customer;
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan", 1,
                PlanEvents.PlanCreated.escalation(plan, 1, "Standard", List.of(step)));
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan", 2, PlanEvents.PlanAssigned.of(customer, plan));
        publisher.publish(Topics.INVOICE_EVENTS, tenant, key, "c", 1, new InvoiceEvents.CustomerRegistered(customer,
                "Berg GmbH", "de", null, List.of(), null, List.of()));
        UUID invoice = UUID.randomUUID();
        publisher.publish(Topics.INVOICE_EVENTS, tenant, key, "i", 1, new InvoiceEvents.InvoiceIssued(invoice,
                customer, "L-1", LocalDate.of(2026, 11, 17), LocalDate.of(2026, 12, 1), "EUR",
                new BigDecimal("50.00")));
        try (TopicReader reader = new TopicReader(kafka, Topics.LATENESS_EVENTS)) {
            // due today: not late yet
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> reader.settle(r -> key.equals(r.key()), Duration.ofMillis(300)).isEmpty());
            // 2 December starts in Paris (23:00 UTC): the invoice is overdue
            clock.set(Instant.parse("2026-12-01T23:00:30Z"));
            var overdue = reader.awaitRecords(r -> key.equals(r.key()), Duration.ofSeconds(30));
            assertThat(TopicReader.header(overdue.get(0), Envelope.Headers.TYPE)).isEqualTo("CustomerBecameOverdue");
            var became = (LatenessEvents.CustomerBecameOverdue) EventCodec.decode("CustomerBecameOverdue",
                    overdue.get(0).value());
            assertThat(became.since()).isEqualTo(LocalDate.of(2026, 12, 2));
            assertThat(became.oldestInvoiceId()).isEqualTo(invoice);

            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            var level = reader.awaitCount(r -> key.equals(r.key()), 2, Duration.ofSeconds(30));
            assertThat(TopicReader.header(level.get(1), Envelope.Headers.TYPE)).isEqualTo("EscalationLevelReached");

            publisher.publish(Topics.INVOICE_EVENTS, tenant, key, "i", 2, new InvoiceEvents.PaymentRecorded(invoice,
                    customer, "P-1", new BigDecimal("50.00"), LocalDate.of(2026, 12, 4), new BigDecimal("0.00"),
                    InvoiceEvents.InvoiceStatus.PAID));
            var all = reader.awaitCount(r -> key.equals(r.key()), 3, Duration.ofSeconds(30));
            assertThat(all).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE)).containsExactly(
                    "CustomerBecameOverdue", "EscalationLevelReached", "CustomerBackToCurrent");
            all.forEach(EventSchemas::assertValid);
        }
    }
}
