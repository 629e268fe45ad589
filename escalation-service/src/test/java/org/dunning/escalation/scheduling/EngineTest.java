package org.dunning.escalation.scheduling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The engine against the real broker and database: events in, ReminderStepDue out, once. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class EngineTest extends EngineScenario {

    PlanEvents.Step first;
    PlanEvents.Step second;
    PlanEvents.Step call;

    @BeforeEach
    void steps() {
        first = step("Friendly reminder", 3, PlanEvents.Action.AUTO_EMAIL);
        second = step("Firm reminder", 10, PlanEvents.Action.AUTO_EMAIL);
        call = step("Call", 21, PlanEvents.Action.CALL);
    }


    static PlanEvents.Step step(String name, int days, PlanEvents.Action action) {
        return new PlanEvents.Step(UUID.randomUUID(), name, new PlanEvents.Trigger(PlanEvents.TriggerReference.DUE_DATE,
                PlanEvents.Direction.AFTER, days), action, "reminder", null);
    }

    Envelope publishPlanAndCustomer() {
        return publishPlanAndCustomer(null);
    }

    /** {@code maxAutomaticReminders}: the plan's limit (R8.3), null for none. */
    Envelope publishPlanAndCustomer(Integer maxAutomaticReminders) {
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "customer-" + customer, 1,
                new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                        List.of(InvoiceEvents.Contact.of("Anna", "anna@berg.example", null, "accounting")), null,
                        List.of()));
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant + "/" + plan, "plan-" + plan, 1,
                new PlanEvents.PlanCreated(plan, 1, "Standard", PlanEvents.PlanType.ESCALATION_PER_INVOICE,
                        List.of(first, second, call), null, null, maxAutomaticReminders));
        return publisher.publish(Topics.PLAN_EVENTS, tenant, tenant + "/" + customer, "assignment-" + customer, 1,
                PlanEvents.PlanAssigned.of(customer, plan));
    }

    UUID issue(LocalDate due) {
        UUID invoice = UUID.randomUUID();
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 1,
                new InvoiceEvents.InvoiceIssued(invoice, customer, "INV-" + invoice.toString().substring(0, 8),
                        due.minusDays(14), due, "EUR", new BigDecimal("1234.56")));
        return invoice;
    }

    void awaitSchedule(UUID invoice, int steps) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule")
                .then().statusCode(200).body("$", hasSize(steps)));
    }

    @Test
    void aStepFiresAtItsSlotOnceWithADeterministicKey() {
        publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("[0].fireAt", equalTo("2026-12-04T08:00:00Z")).body("[0].status", equalTo("PENDING"));

        String key = ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T07:59:00Z"));
            assertThat(reader.settle(r -> r.value().contains(key), Duration.ofSeconds(3))).isEmpty();

            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            List<ConsumerRecord<String, String>> due = reader.awaitRecords(r -> r.value().contains(key),
                    Duration.ofSeconds(30));
            ReminderEvents.ReminderStepDue event = (ReminderEvents.ReminderStepDue) EventCodec.decode(
                    TopicReader.header(due.get(0), Envelope.Headers.TYPE), due.get(0).value());
            assertThat(event.reminderKey()).isEqualTo(key);
            assertThat(event.action()).isEqualTo(PlanEvents.Action.AUTO_EMAIL);
            assertThat(event.customer().recipients()).extracting(ReminderEvents.Recipient::email)
                    .containsExactly("anna@berg.example");
            assertThat(event.invoices()).singleElement().satisfies(i -> {
                assertThat(i.daysLate()).isEqualTo(3);
                assertThat(i.outstanding()).isEqualByComparingTo("1234.56");
            });
            assertThat(due.get(0).key()).isEqualTo(tenant + "/" + customer);
            org.dunning.testing.EventSchemas.assertValid(due.get(0));

            // Later ticks never fire it again.
            assertThat(reader.settle(r -> r.value().contains(key), Duration.ofSeconds(3))).hasSize(1);
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("[0].status", equalTo("FIRED")).body("[1].status", equalTo("PENDING"));
    }

    @Test
    void anEditedPlanReplansWhatHasNotFiredAndAnUnassignedPlanPlansNothing() {
        publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        // R1.4/R4.4: the first step moves to 5 days after due and keeps its identity; the call step is dropped
        PlanEvents.Step moved = new PlanEvents.Step(first.stepId(), first.name(), new PlanEvents.Trigger(
                PlanEvents.TriggerReference.DUE_DATE, PlanEvents.Direction.AFTER, 5), first.action(), "reminder", null);
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan-" + plan, 2, new PlanEvents.PlanRevised(plan, 2,
                "Standard", PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(moved, second), null, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule")
                .then().statusCode(200).body("$", hasSize(2))
                .body("[0].reminderKey", equalTo(ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice)))
                .body("[0].fireAt", equalTo("2026-12-06T12:00:00Z"))); // a Sunday: 13:00 Paris
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "customer-" + customer, 2,
                new PlanEvents.PlanUnassigned(customer, plan, PlanEvents.Slot.ESCALATION));
        awaitSchedule(invoice, 0);
    }

    @Test
    void aPlanAssignedLateFiresOnlyTheMostAdvancedStepAndSkipsTheOthers() {
        clock.set(Instant.parse("2026-12-26T10:00:00Z"));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        publishPlanAndCustomer();
        awaitSchedule(invoice, 3);
        String callKey = ReminderEvents.reminderKey(tenant, plan, call.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-26T12:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(callKey)
                    && "ReminderStepDue".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> all = reader.settle(r -> r.value().contains(invoice.toString()),
                    Duration.ofSeconds(2));
            assertThat(all).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactlyInAnyOrder("ReminderStepSkipped", "ReminderStepSkipped", "ReminderStepDue");
            all.forEach(org.dunning.testing.EventSchemas::assertValid);
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", org.hamcrest.Matchers.contains("SKIPPED", "SKIPPED", "FIRED"))
                .body("[0].reason", org.hamcrest.Matchers.containsString("Call"));
    }

    @Inject
    Engine engine;

    @Test
    void instancesTickingAtOnceNeverBothFireAStep() throws Exception {
        publishPlanAndCustomer();
        List<UUID> invoices = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            invoices.add(issue(LocalDate.of(2026, 12, 1)));
        }
        for (UUID invoice : invoices) {
            awaitSchedule(invoice, 3);
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            // four more ticks at once, each in its own transaction like another replica, beside the scheduled one
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<Integer>> ticks = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ticks.add(pool.submit(() -> {
                    try {
                        return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(engine::tick);
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (var t : ticks) {
                t.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
            var due = reader.awaitCount(r -> r.key().equals(tenant + "/" + customer)
                    && "ReminderStepDue".equals(TopicReader.header(r, Envelope.Headers.TYPE)), 20, Duration.ofSeconds(30));
            due = reader.settle(r -> r.key().equals(tenant + "/" + customer)
                    && "ReminderStepDue".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(3));
            assertThat(due).hasSize(20);
            assertThat(due.stream().map(r -> r.headers().lastHeader(Envelope.Headers.SUBJECT)).map(h ->
                    new String(h.value())).distinct().count()).isEqualTo(20);
        }
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        Envelope assigned = publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        String key = ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(key), Duration.ofSeconds(30));
            // The same record again (same event id), e.g. after a consumer crash before the offset commit.
            publisher.publish(Topics.PLAN_EVENTS, tenant + "/" + customer, assigned,
                    EventCodec.encode(PlanEvents.PlanAssigned.of(customer, plan)));
            assertThat(reader.settle(r -> r.value().contains(key), Duration.ofSeconds(4))).hasSize(1);
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", org.hamcrest.Matchers.contains("FIRED", "PENDING", "PENDING"));
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        try (TopicReader dlq = new TopicReader(kafka, "dunning.escalation.dead-letter")) {
            publisher.publish(Topics.INVOICE_EVENTS, tenant + "/x", null, "{not json");
            dlq.awaitRecords(r -> "{not json".equals(r.value()), Duration.ofSeconds(30));
        }
        publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
    }

    void change(UUID invoice, long sequence, InvoiceEvents.InvoiceChange change) {
        publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, sequence, change);
    }

    @Test
    void aPaidInvoiceIsNotRemindedAndAPartialPaymentKeepsTheSchedule() {
        publishPlanAndCustomer();
        UUID paid = issue(LocalDate.of(2026, 12, 1));
        UUID partly = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(paid, 3);
        awaitSchedule(partly, 3);
        change(partly, 2, new InvoiceEvents.PaymentRecorded(partly, customer, "P-1", new BigDecimal("234.56"),
                LocalDate.of(2026, 12, 2), new BigDecimal("1000.00"), InvoiceEvents.InvoiceStatus.PARTIALLY_PAID));
        change(paid, 2, new InvoiceEvents.PaymentRecorded(paid, customer, "P-2", new BigDecimal("1234.56"),
                LocalDate.of(2026, 12, 2), new BigDecimal("0.00"), InvoiceEvents.InvoiceStatus.PAID));
        // the paid invoice's steps are no longer planned: the schedule says why
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + paid + "/schedule").then()
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("BLOCKED")))
                .body("reason", org.hamcrest.Matchers.everyItem(equalTo("the invoice is paid"))));
        String partlyKey = ReminderEvents.reminderKey(tenant, plan, first.stepId(), partly);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            var due = reader.awaitRecords(r -> r.value().contains(partlyKey), Duration.ofSeconds(30));
            ReminderEvents.ReminderStepDue event = (ReminderEvents.ReminderStepDue) EventCodec.decode(
                    TopicReader.header(due.get(0), Envelope.Headers.TYPE), due.get(0).value());
            assertThat(event.invoices().get(0).outstanding()).isEqualByComparingTo("1000.00");
            assertThat(reader.settle(r -> r.value().contains(paid.toString()), Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void aPartialPaymentBelowTheTenantsMinimumAmountSkipsTheStepWithTheReason() {
        publishPlanAndCustomer();
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "plan-topic", 1, new PlanEvents.TenantSettingsChanged(1,
                java.time.LocalTime.of(9, 0), "Europe/Paris", java.time.LocalTime.of(13, 0), "Europe/Paris", false,
                null, 0, null, null, null, null, java.util.Map.of("EUR", new BigDecimal("5.00"))));
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        change(invoice, 2, new InvoiceEvents.PaymentRecorded(invoice, customer, "P-1", new BigDecimal("1230.00"),
                LocalDate.of(2026, 12, 2), new BigDecimal("4.56"), InvoiceEvents.InvoiceStatus.PARTIALLY_PAID));
        String why = "the outstanding 4.56 EUR is below the tenant's minimum of 5.00 EUR";
        // the schedule says so before the step comes due
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", org.hamcrest.Matchers.contains("PENDING", "PENDING", "PENDING"))
                .body("[0].reason", equalTo("skipped at firing unless more is open then: " + why)));
        String key = ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(key), Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> all = reader.settle(r -> r.value().contains(invoice.toString()),
                    Duration.ofSeconds(2));
            assertThat(all).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("ReminderStepSkipped");
            ReminderEvents.ReminderStepSkipped skipped = (ReminderEvents.ReminderStepSkipped) EventCodec.decode(
                    "ReminderStepSkipped", all.get(0).value());
            assertThat(skipped.reason()).isEqualTo(why);
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("[0].status", equalTo("SKIPPED")).body("[0].reason", equalTo(why));
    }

    @Test
    void thePlansMaximumOfAutomaticRemindersSkipsTheSecondEmailAndTheCallStillComes() {
        publishPlanAndCustomer(1);
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        String limit = "the plan's maximum of 1 automatic reminder(s) per invoice is reached";
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(ReminderEvents.reminderKey(tenant, plan, first.stepId(),
                    invoice)), Duration.ofSeconds(30));
            // the schedule says what the limit will do before it does it
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                    .body("status", org.hamcrest.Matchers.contains("FIRED", "PENDING", "PENDING"))
                    .body("[1].reason", equalTo("skipped at firing: " + limit))
                    .body("[2].reason", org.hamcrest.Matchers.nullValue()));
            clock.set(Instant.parse("2026-12-11T08:00:30Z"));
            String secondKey = ReminderEvents.reminderKey(tenant, plan, second.stepId(), invoice);
            var skipped = reader.awaitRecords(r -> r.value().contains(secondKey), Duration.ofSeconds(30));
            assertThat(TopicReader.header(skipped.get(0), Envelope.Headers.TYPE)).isEqualTo("ReminderStepSkipped");
            assertThat(((ReminderEvents.ReminderStepSkipped) EventCodec.decode("ReminderStepSkipped",
                    skipped.get(0).value())).reason()).isEqualTo(limit);
            clock.set(Instant.parse("2026-12-22T08:00:30Z"));
            String callKey = ReminderEvents.reminderKey(tenant, plan, call.stepId(), invoice);
            var called = reader.awaitRecords(r -> r.value().contains(callKey), Duration.ofSeconds(30));
            assertThat(TopicReader.header(called.get(0), Envelope.Headers.TYPE)).isEqualTo("ReminderStepDue");
        }
    }

    @Test
    void aStepThatTestsTwoTemplatesAndAttachesTheDocumentSaysSoInEachReminder() {
        first = new PlanEvents.Step(first.stepId(), first.name(), first.trigger(), first.action(), "reminder", null,
                true, new PlanEvents.TemplateSplit("reminder-b", 50));
        publishPlanAndCustomer();
        List<UUID> invoices = java.util.stream.IntStream.range(0, 6).mapToObj(i -> issue(LocalDate.of(2026, 12, 1)))
                .toList();
        invoices.forEach(i -> awaitSchedule(i, 3));
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            for (UUID invoice : invoices) {
                var due = reader.awaitRecords(r -> r.value().contains(ReminderEvents.reminderKey(tenant, plan,
                        first.stepId(), invoice)), Duration.ofSeconds(30)).get(0);
                org.dunning.testing.EventSchemas.assertValid(due);
                ReminderEvents.ReminderStepDue event = (ReminderEvents.ReminderStepDue) EventCodec.decode(
                        "ReminderStepDue", due.value());
                // R8.5: the bucket of the step and the invoice decides; R8.1: the e-mail will carry the document
                var choice = org.dunning.escalation.domain.AbTests.choose("reminder", first.abTest(), first.stepId(),
                        invoice);
                assertThat(event.templateVariant()).isEqualTo(choice.variant());
                assertThat(event.templateKey()).isEqualTo(choice.templateKey());
                assertThat(event.attachDocuments()).isTrue();
            }
        }
    }

    @Test
    void aMovedDueDateRePlansWhatHasNotFiredAndADisputePausesTheInvoice() {
        publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        String firstKey = ReminderEvents.reminderKey(tenant, plan, first.stepId(), invoice);
        try (TopicReader reader = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            reader.awaitRecords(r -> r.value().contains(firstKey), Duration.ofSeconds(30));
        }
        // Due date moved by a week after the first step fired: the fired one stays fired, the others move.
        change(invoice, 2, new InvoiceEvents.InvoiceDueDateChanged(invoice, customer, LocalDate.of(2026, 12, 8)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", org.hamcrest.Matchers.contains("FIRED", "PENDING", "PENDING"))
                .body("[1].fireDate", equalTo("2026-12-18")));
        change(invoice, 3, new InvoiceEvents.InvoiceDisputed(invoice, customer, "damaged"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/schedule").then()
                .body("status", org.hamcrest.Matchers.contains("FIRED", "BLOCKED", "BLOCKED"))
                .body("[1].reason", equalTo("the invoice is in dispute")));
        change(invoice, 4, new InvoiceEvents.InvoiceDisputeResolved(invoice, customer, "ok"));
        awaitSchedule(invoice, 3);
    }

    @Test
    void anotherTenantCannotReadTheSchedule() {
        publishPlanAndCustomer();
        UUID invoice = issue(LocalDate.of(2026, 12, 1));
        awaitSchedule(invoice, 3);
        given().header("Authorization", Tokens.bearer("someone-else")).get("/invoices/" + invoice + "/schedule")
                .then().statusCode(404);
    }
}
