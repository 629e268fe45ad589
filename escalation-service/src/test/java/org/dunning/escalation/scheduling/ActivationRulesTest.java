package org.dunning.escalation.scheduling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

/**
 * Tenant settings, the three switches (R3), segment defaults (R1.6) and step recipients (R2.5), from the plan topic
 * of the real broker into the schedule.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class ActivationRulesTest extends EngineScenario {

    PlanEvents.Step first;

    @BeforeEach
    void steps() {
        first = new PlanEvents.Step(UUID.randomUUID(), "Friendly reminder", new PlanEvents.Trigger(
                PlanEvents.TriggerReference.DUE_DATE, PlanEvents.Direction.AFTER, 3), PlanEvents.Action.AUTO_EMAIL,
                "friendly", new PlanEvents.Recipients(PlanEvents.ContactScope.ROLES, List.of("accounting"), true));
    }


    void plan(IntegrationEvent e) {
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan-topic", 1, e);
    }

    void customer(String segment) {
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "customer-" + customer, 1,
                new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", segment, List.of(
                        InvoiceEvents.Contact.of("Anna", "anna@berg.example", "+49 1", "accounting"),
                        InvoiceEvents.Contact.of("Bob", "bob@berg.example", "+49 2", "sales")), null,
                        List.of(new InvoiceEvents.InternalUser("u1", "Carla Account", "carla@tenant.example"))));
        plan(PlanEvents.PlanCreated.escalation(plan, 1, "Standard", List.of(first)));
    }

    UUID issue(LocalDate due) {
        UUID invoice = UUID.randomUUID();
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 1,
                new InvoiceEvents.InvoiceIssued(invoice, customer, "INV-" + invoice.toString().substring(0, 8),
                        due.minusDays(14), due, "EUR", new BigDecimal("100.00")));
        return invoice;
    }

    /**
     * Waits until the invoice's pending and decided steps are exactly these fire times (none: nothing planned; the
     * steps a block holds back are listed as BLOCKED, without a fire time).
     */
    void awaitFireAt(UUID invoice, String... fireAt) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var body = given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule")
                    .then().statusCode(200).body("findAll { it.status != 'BLOCKED' }", hasSize(fireAt.length));
            if (fireAt.length > 0) {
                body.body("findAll { it.status != 'BLOCKED' }.fireAt", contains(fireAt));
            }
        });
    }

    void awaitBlocked(UUID invoice, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", contains("BLOCKED")).body("[0].reason", org.hamcrest.Matchers.equalTo(reason)));
    }

    @Test
    void theTenantsSettingsMoveTheSlotsAndItsHolidaysAreSkipped() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        UUID invoice = issue(LocalDate.of(2026, 12, 22)); // + 3 days: Friday 25 December
        awaitFireAt(invoice, "2026-12-25T08:00:00Z");
        plan(new PlanEvents.TenantSettingsChanged(1, LocalTime.of(7, 30), "Europe/Berlin", LocalTime.of(13, 0),
                "Europe/Paris", true, "DE", 0, new PlanEvents.LateChargeSettings(false, BigDecimal.ZERO,
                BigDecimal.ZERO), null, null));
        // Christmas and Boxing Day are German holidays: Monday 28 December at 07:30 Berlin
        awaitFireAt(invoice, "2026-12-28T06:30:00Z");
        // an older settings event arriving late changes nothing
        plan(new PlanEvents.TenantSettingsChanged(0, LocalTime.of(9, 0), "Europe/Paris", LocalTime.of(13, 0),
                "Europe/Paris", false, null, 0, null, null, null));
        UUID later = issue(LocalDate.of(2026, 12, 28)); // + 3 days: Thursday 31 December
        awaitFireAt(later, "2026-12-31T06:30:00Z");
        awaitFireAt(invoice, "2026-12-28T06:30:00Z");
    }

    @Test
    void eachSwitchStopsTheInvoicesStepsUntilItIsOnAgain() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");

        plan(new PlanEvents.InvoiceAutomationChanged(invoice, false, "paid by cheque"));
        awaitBlocked(invoice, "automation is switched off for the invoice");
        plan(new PlanEvents.InvoiceAutomationChanged(invoice, true, null));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");

        plan(new PlanEvents.CustomerAutomationChanged(customer, true, "negotiating"));
        awaitBlocked(invoice, "automation is paused for the customer");
        plan(new PlanEvents.CustomerAutomationChanged(customer, false, null));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");

        plan(new PlanEvents.TenantAutomationChanged(false, "year-end"));
        awaitBlocked(invoice, "automation is switched off for the tenant");
        // while it is off the step's day passes; switched on again, it goes out at the next slot (catch-up)
        clock.set(Instant.parse("2026-12-08T10:00:00Z"));
        plan(new PlanEvents.TenantAutomationChanged(true, null));
        awaitFireAt(invoice, "2026-12-09T08:00:00Z");
    }

    @Test
    void aSegmentsDefaultPlanAppliesUnlessTheCustomerHasItsOwn() {
        customer("key accounts");
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        plan(new PlanEvents.SegmentDefaultChanged("key accounts", PlanEvents.Slot.ESCALATION, plan));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");

        UUID own = UUID.randomUUID();
        PlanEvents.Step later = new PlanEvents.Step(UUID.randomUUID(), "Call", new PlanEvents.Trigger(
                PlanEvents.TriggerReference.DUE_DATE, PlanEvents.Direction.AFTER, 10), PlanEvents.Action.CALL, null,
                null);
        plan(PlanEvents.PlanCreated.escalation(own, 1, "Own", List.of(later)));
        plan(PlanEvents.PlanAssigned.of(customer, own));
        awaitFireAt(invoice, "2026-12-11T08:00:00Z");
        plan(new PlanEvents.PlanUnassigned(customer, own, PlanEvents.Slot.ESCALATION));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        plan(new PlanEvents.SegmentDefaultChanged("key accounts", PlanEvents.Slot.ESCALATION, null));
        awaitFireAt(invoice);
    }

    @Test
    void aStepGoesToTheContactsOfItsRolesAndToTheCustomersColleagues() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        String key = ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            var due = reader.awaitRecords(r -> r.value().contains(key), Duration.ofSeconds(30));
            var event = (ReminderEvents.ReminderStepDue) EventCodec.decode(
                    TopicReader.header(due.get(0), Envelope.Headers.TYPE), due.get(0).value());
            assertThat(event.customer().recipients()).containsExactly(
                    ReminderEvents.Recipient.contact("Anna", "anna@berg.example", "+49 1", "accounting"),
                    new ReminderEvents.Recipient("Carla Account", "carla@tenant.example", null, "internal", true));
            org.dunning.testing.EventSchemas.assertValid(due.get(0));
        }
    }

    @Test
    void aPromiseToPayHoldsTheStepsUntilThePromisedDateAndADisputeUntilItIsResolved() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 2,
                new InvoiceEvents.ExpectedPaymentDateChanged(invoice, customer, LocalDate.of(2026, 12, 14)));
        awaitFireAt(invoice, "2026-12-15T08:00:00Z");
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 3,
                new InvoiceEvents.ExpectedPaymentDateChanged(invoice, customer, null));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 4,
                new InvoiceEvents.InvoiceDisputed(invoice, customer, "wrong quantity"));
        awaitFireAt(invoice);
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 5,
                new InvoiceEvents.InvoiceDisputeResolved(invoice, customer, "credit agreed"));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
    }

    @Test
    void aSecondAutomaticMessageWithinTheMinimumGapIsPostponedNotDropped() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        plan(new PlanEvents.TenantSettingsChanged(1, LocalTime.of(9, 0), "Europe/Paris", LocalTime.of(13, 0),
                "Europe/Paris", false, null, 3, null, null, null));
        UUID one = issue(LocalDate.of(2026, 12, 1));   // + 3 days: Friday 4 December
        UUID two = issue(LocalDate.of(2026, 12, 2));   // + 3 days: Saturday 5 December, 13:00
        awaitFireAt(two, "2026-12-05T12:00:00Z");
        // R7.1: the forecast knows the gap will hold the second e-mail until Monday
        given().header("Authorization", Tokens.bearer(tenant)).get("/forecast?customerId=" + customer).then()
                .statusCode(200).body("at", contains("2026-12-04T08:00:00Z", "2026-12-07T08:00:00Z"))
                .body("[1].reason", org.hamcrest.Matchers.endsWith("held 2 days by the minimum gap"));
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            String first = ReminderEvents.reminderKey(tenant, plan, first().stepId(), one);
            reader.awaitRecords(r -> r.value().contains(first), Duration.ofSeconds(30));
            // the second e-mail would come one day later: it waits for the end of the gap, Monday 7 December
            clock.set(Instant.parse("2026-12-05T12:00:30Z"));
            awaitFireAt(two, "2026-12-07T08:00:00Z");
            String second = ReminderEvents.reminderKey(tenant, plan, first().stepId(), two);
            assertThat(reader.settle(r -> r.value().contains(second), Duration.ofSeconds(2))).isEmpty();
            clock.set(Instant.parse("2026-12-07T08:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(second), Duration.ofSeconds(30));
        }
    }

    @Test
    void aContactLoggedByHandCountsForTheMinimumGap() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        plan(new PlanEvents.TenantSettingsChanged(1, LocalTime.of(9, 0), "Europe/Paris", LocalTime.of(13, 0),
                "Europe/Paris", false, null, 3, null, null, null));
        UUID invoice = issue(LocalDate.of(2026, 12, 1)); // + 3 days: Friday 4 December
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        // R7.7: a collector called the customer on Thursday 3 December
        publisher.publish(Topics.FOLLOWUP_EVENTS, tenant, tenant + "/" + customer, "followup", 1,
                new org.dunning.contract.FollowupEvents.ContactLogged(customer, List.of(invoice),
                        org.dunning.contract.FollowupEvents.Channel.CALL, LocalDate.of(2026, 12, 3), "promised to check"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/forecast?customerId=" + customer).then()
                .body("[0].at", org.hamcrest.Matchers.equalTo("2026-12-06T12:00:00Z")));
        clock.set(Instant.parse("2026-12-04T08:00:30Z"));
        awaitFireAt(invoice, "2026-12-06T12:00:00Z"); // Sunday, the end of the gap: postponed, not dropped
    }

    @Test
    void aCreditNoteThatClearsTheBalanceStopsTheSteps() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitFireAt(invoice, "2026-12-04T08:00:00Z");
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 2,
                new InvoiceEvents.InvoiceCreditApplied(invoice, customer, UUID.randomUUID(), new BigDecimal("100.00"),
                        new BigDecimal("0.00"), InvoiceEvents.InvoiceStatus.PAID));
        awaitBlocked(invoice, "the invoice is paid");
    }

    @Test
    void aStepInTheWeekOfTheSummerTimeChangeGoesOutAtTheLocalSendTime() {
        customer(null);
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        clock.set(Instant.parse("2027-03-20T07:00:00Z"));
        // due Thursday 25 March: + 3 days is Sunday 28 March (the switch), 13:00 Paris is now 11:00 UTC
        UUID sunday = issue(LocalDate.of(2027, 3, 25));
        // due Friday 26 March: + 3 days is Monday 29 March, 09:00 Paris summer time is 07:00 UTC
        UUID monday = issue(LocalDate.of(2027, 3, 26));
        // due Tuesday 23 March: + 3 days is Friday 26 March, still winter time: 08:00 UTC
        UUID friday = issue(LocalDate.of(2027, 3, 23));
        awaitFireAt(sunday, "2027-03-28T11:00:00Z");
        awaitFireAt(monday, "2027-03-29T07:00:00Z");
        awaitFireAt(friday, "2027-03-26T08:00:00Z");
    }

    PlanEvents.Step first() {
        return first;
    }
}
