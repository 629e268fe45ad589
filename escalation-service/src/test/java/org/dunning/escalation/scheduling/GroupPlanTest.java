package org.dunning.escalation.scheduling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Group plans (R1.3, R7.9) and recurring overviews (R1.1) against the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class GroupPlanTest extends EngineScenario {

    void plan(IntegrationEvent e) {
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan-topic", 1, e);
    }

    void ledger(IntegrationEvent e) {
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "ledger", 1, e);
    }

    void customer() {
        ledger(new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                List.of(InvoiceEvents.Contact.of("Anna", "anna@berg.example", "+49 1", "accounting")), null,
                List.of()));
    }

    UUID invoice(String number, LocalDate due) {
        UUID id = UUID.randomUUID();
        ledger(new InvoiceEvents.InvoiceIssued(id, customer, number, due.minusDays(30), due, "EUR",
                new BigDecimal("100.00")));
        return id;
    }

    void pay(UUID invoice) {
        ledger(new InvoiceEvents.PaymentRecorded(invoice, customer, "pay-" + invoice, new BigDecimal("100.00"),
                LocalDate.of(2026, 12, 16), BigDecimal.ZERO.setScale(2), InvoiceEvents.InvoiceStatus.PAID));
    }

    ReminderEvents.ReminderStepDue awaitCheck(TopicReader reader, LocalDate day) {
        String key = ReminderEvents.checkKey(tenant, plan, customer, day);
        var records = reader.awaitRecords(r -> r.value().contains(key), Duration.ofSeconds(30));
        EventSchemas.assertValid(records.get(0));
        return (ReminderEvents.ReminderStepDue) EventCodec.decode(TopicReader.header(records.get(0),
                Envelope.Headers.TYPE), records.get(0).value());
    }

    void awaitCheckStatus(LocalDate day, String status, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customer + "/checks").then()
                .statusCode(200).body("find { it.checkDate == '" + day + "' }.status", equalTo(status))
                .body("find { it.checkDate == '" + day + "' }.reason", equalTo(reason)));
    }

    @Test
    void theOldestInvoiceSetsTheLevelCallsComeOncePerEpisodeAndTheLevelFollowsPayments() {
        PlanEvents.GroupStep mail = new PlanEvents.GroupStep(UUID.randomUUID(), "Grouped reminder", 1,
                PlanEvents.Action.AUTO_EMAIL, "grouped", null);
        PlanEvents.GroupStep call = new PlanEvents.GroupStep(UUID.randomUUID(), "Grouped call", 21,
                PlanEvents.Action.CALL, null, null);
        customer();
        UUID oldest = invoice("A-1", LocalDate.of(2026, 11, 20));
        UUID middle = invoice("A-2", LocalDate.of(2026, 11, 25));
        invoice("A-3", LocalDate.of(2026, 12, 3));
        invoice("A-4", LocalDate.of(2026, 12, 30)); // not overdue: out of an OVERDUE_ONLY scope
        plan(new PlanEvents.PlanCreated(plan, 1, "Weekly group", PlanEvents.PlanType.ESCALATION_PER_GROUP, List.of(),
                new PlanEvents.GroupSettings(new PlanEvents.Interval(1, PlanEvents.IntervalUnit.WEEKS),
                        LocalDate.of(2026, 12, 7), PlanEvents.InvoiceScope.OVERDUE_ONLY, List.of(mail, call)), null));
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customer + "/checks").then()
                .body("fireAt", hasItem("2026-12-07T08:00:00Z")));

        // R7.1: the forecast plays the checks forward: the e-mail level on the 7th, the call on the 14th, then
        // nothing while the call stays the level in this episode
        given().header("Authorization", Tokens.bearer(tenant))
                .get("/forecast?from=2026-12-01T00:00:00Z&to=2026-12-31T23:00:00Z").then().statusCode(200)
                .body("at", org.hamcrest.Matchers.contains("2026-12-07T08:00:00Z", "2026-12-14T08:00:00Z"))
                .body("action", org.hamcrest.Matchers.contains("AUTO_EMAIL", "CALL"))
                .body("[0].invoiceNumbers", org.hamcrest.Matchers.contains("A-1", "A-2", "A-3"))
                .body("[0].reason", equalTo("check of 2026-12-07: the oldest invoice in scope (A-1) is 17 days late: "
                        + "level 'Grouped reminder' (from 1 days)"));
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            // Monday 7 December: the oldest is 17 days late: the e-mail level, listing the three overdue
            clock.set(Instant.parse("2026-12-07T08:00:30Z"));
            ReminderEvents.ReminderStepDue first = awaitCheck(reader, LocalDate.of(2026, 12, 7));
            assertThat(first.planType()).isEqualTo(PlanEvents.PlanType.ESCALATION_PER_GROUP);
            assertThat(first.stepId()).isEqualTo(mail.stepId());
            assertThat(first.invoices()).extracting(ReminderEvents.InvoiceRef::number)
                    .containsExactly("A-1", "A-2", "A-3");
            assertThat(first.invoices().get(0).daysLate()).isEqualTo(17);

            // 14 December: 24 days late: the call level
            clock.set(Instant.parse("2026-12-14T08:00:30Z"));
            assertThat(awaitCheck(reader, LocalDate.of(2026, 12, 14)).action()).isEqualTo(PlanEvents.Action.CALL);

            // A-1 is paid; 21 December: A-2 drives the level (26 days): still the call, already made this episode
            pay(oldest);
            clock.set(Instant.parse("2026-12-21T08:00:30Z"));
            awaitCheckStatus(LocalDate.of(2026, 12, 21), "SKIPPED",
                    "'Grouped call' fired already in this episode of lateness");

            // A-2 is paid too; 28 December: A-3 drives the level (25 days): the call, still in the same episode
            pay(middle);
            clock.set(Instant.parse("2026-12-28T08:00:30Z"));
            awaitCheckStatus(LocalDate.of(2026, 12, 28), "SKIPPED",
                    "'Grouped call' fired already in this episode of lateness");
        }
    }

    @Test
    void customersRegisteredIntoASegmentWithAGroupPlanAndAnOverviewByDefaultGetTheirChecksAtOnce() {
        UUID overview = UUID.randomUUID();
        plan(new PlanEvents.PlanCreated(plan, 1, "Weekly group", PlanEvents.PlanType.ESCALATION_PER_GROUP, List.of(),
                new PlanEvents.GroupSettings(new PlanEvents.Interval(1, PlanEvents.IntervalUnit.WEEKS),
                        LocalDate.of(2026, 12, 7), PlanEvents.InvoiceScope.OVERDUE_ONLY, List.of(new PlanEvents.GroupStep(
                        UUID.randomUUID(), "Grouped reminder", 1, PlanEvents.Action.AUTO_EMAIL, "grouped", null))),
                null));
        plan(new PlanEvents.PlanCreated(overview, 1, "Fortnightly overview", PlanEvents.PlanType.RECURRING_OVERVIEW,
                List.of(), null, new PlanEvents.OverviewSettings(new PlanEvents.Interval(2, PlanEvents.IntervalUnit.WEEKS),
                LocalDate.of(2026, 11, 23), PlanEvents.InvoiceScope.ALL_UNPAID, new PlanEvents.Recipients(
                PlanEvents.ContactScope.ALL, List.of(), false), "account-overview", true)));
        plan(new PlanEvents.SegmentDefaultChanged("big", PlanEvents.Slot.ESCALATION, plan));
        plan(new PlanEvents.SegmentDefaultChanged("big", PlanEvents.Slot.OVERVIEW, overview));
        // a first customer of the segment shows that the defaults have arrived (planned by either path)
        UUID first = UUID.randomUUID();
        register(first, "big");
        awaitChecks(first, overview);

        // then a batch of registrations: those of the segment are planned as they arrive, the one without a segment
        // gets nothing
        List<UUID> big = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID none = UUID.randomUUID();
        big.forEach(c -> register(c, "big"));
        register(none, null);
        big.forEach(c -> awaitChecks(c, overview));
        given().header("Authorization", Tokens.bearer(tenant)).get("/customers/" + none + "/checks").then()
                .statusCode(200).body("size()", equalTo(0));
    }

    private void register(UUID c, String segment) {
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + c, "ledger", 1,
                new InvoiceEvents.CustomerRegistered(c, "Kunde " + c, "de", segment, List.of(), null, List.of()));
    }

    /**
     * The group plan's first check (Monday 7 December) and the overview's (started 23 November, every two weeks: the
     * same day), both pending.
     */
    private void awaitChecks(UUID c, UUID overview) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + c + "/checks").then()
                .body("planId", org.hamcrest.Matchers.containsInAnyOrder(plan.toString(), overview.toString()))
                .body("fireAt", org.hamcrest.Matchers.everyItem(equalTo("2026-12-07T08:00:00Z")))
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("PENDING"))));
    }

    @Test
    void aGroupLeavesOutAnInvoiceBelowTheTenantsMinimumAmountAndSaysSo() {
        PlanEvents.GroupStep mail = new PlanEvents.GroupStep(UUID.randomUUID(), "Grouped reminder", 1,
                PlanEvents.Action.AUTO_EMAIL, "grouped", null);
        customer();
        plan(new PlanEvents.TenantSettingsChanged(1, java.time.LocalTime.of(9, 0), "Europe/Paris",
                java.time.LocalTime.of(13, 0), "Europe/Paris", false, null, 0, null, null, null, null,
                java.util.Map.of("EUR", new BigDecimal("5.00"))));
        UUID big = invoice("C-1", LocalDate.of(2026, 11, 20));
        UUID small = invoice("C-2", LocalDate.of(2026, 11, 25));
        ledger(new InvoiceEvents.PaymentRecorded(small, customer, "pay-small", new BigDecimal("97.00"),
                LocalDate.of(2026, 11, 30), new BigDecimal("3.00"), InvoiceEvents.InvoiceStatus.PARTIALLY_PAID));
        plan(new PlanEvents.PlanCreated(plan, 1, "Weekly group", PlanEvents.PlanType.ESCALATION_PER_GROUP, List.of(),
                new PlanEvents.GroupSettings(new PlanEvents.Interval(1, PlanEvents.IntervalUnit.WEEKS),
                        LocalDate.of(2026, 12, 7), PlanEvents.InvoiceScope.OVERDUE_ONLY, List.of(mail)), null));
        plan(PlanEvents.PlanAssigned.of(customer, plan));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant))
                .get("/forecast?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z").then().statusCode(200)
                .body("[0].invoiceNumbers", org.hamcrest.Matchers.contains("C-1"))
                .body("[0].reason", org.hamcrest.Matchers.endsWith(
                        "; left out below the tenant's minimum amount: C-2")));
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-07T08:00:30Z"));
            assertThat(awaitCheck(reader, LocalDate.of(2026, 12, 7)).invoices())
                    .extracting(ReminderEvents.InvoiceRef::number).containsExactly("C-1");
            // C-1 is paid: only C-2 is overdue, below the minimum: the next check sends nothing and says why
            pay(big);
            clock.set(Instant.parse("2026-12-14T08:00:30Z"));
            awaitCheckStatus(LocalDate.of(2026, 12, 14), "SKIPPED",
                    "no invoice in scope; below the tenant's minimum amount: C-2");
        }
    }

    @Test
    void anOverviewListsTheOpenInvoicesAndCreditNotesAndNothingIsSentWithNothingToList() {
        customer();
        invoice("B-1", LocalDate.of(2026, 12, 20));
        ledger(new InvoiceEvents.CreditNoteIssued(UUID.randomUUID(), customer, "CN-1", LocalDate.of(2026, 11, 30),
                "EUR", new BigDecimal("15.00")));
        UUID empty = UUID.randomUUID();
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + empty, "ledger", 1,
                new InvoiceEvents.CustomerRegistered(empty, "Leer AG", "de", "small", List.of(), null, List.of()));
        plan(new PlanEvents.PlanCreated(plan, 1, "Fortnightly overview", PlanEvents.PlanType.RECURRING_OVERVIEW,
                List.of(), null, new PlanEvents.OverviewSettings(new PlanEvents.Interval(2, PlanEvents.IntervalUnit.WEEKS),
                LocalDate.of(2026, 11, 23), PlanEvents.InvoiceScope.ALL_UNPAID, new PlanEvents.Recipients(
                PlanEvents.ContactScope.ALL, List.of(), false), "account-overview", true)));
        plan(new PlanEvents.PlanAssigned(customer, plan, PlanEvents.Slot.OVERVIEW));
        plan(new PlanEvents.SegmentDefaultChanged("small", PlanEvents.Slot.OVERVIEW, plan));
        for (UUID c : List.of(customer, empty)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + c + "/checks").then()
                    .body("fireAt", hasItem("2026-12-07T08:00:00Z")));
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            // started 23 November, every two weeks: the next check is Monday 7 December
            clock.set(Instant.parse("2026-12-07T08:00:30Z"));
            ReminderEvents.ReminderStepDue overview = awaitCheck(reader, LocalDate.of(2026, 12, 7));
            assertThat(overview.planType()).isEqualTo(PlanEvents.PlanType.RECURRING_OVERVIEW);
            assertThat(overview.templateKey()).isEqualTo("account-overview");
            assertThat(overview.invoices()).extracting(ReminderEvents.InvoiceRef::number).containsExactly("B-1");
            assertThat(overview.creditNotes()).extracting(ReminderEvents.CreditNoteRef::number).containsExactly("CN-1");
        }
        UUID first = customer;
        customer = empty;
        awaitCheckStatus(LocalDate.of(2026, 12, 7), "SKIPPED", "nothing to list");
        customer = first;
        // the next check is planned
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customer + "/checks").then()
                .body("find { it.checkDate == '2026-12-21' }.status", equalTo("PENDING")));
    }
}
