package org.dunning.escalation.domain;

import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's decision for a batch of due steps, without a database (R4.3, R7.6, R7.8). */
class FiringTest {

    static final String TENANT = "acme";
    static final SendSlots SLOTS = SendSlots.of(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0));
    static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2027, 3, 1);
    static final PlanEvents.Recipients ALL = new PlanEvents.Recipients(PlanEvents.ContactScope.ALL, List.of(), false);
    static final PlanEvents.Step FIRST = step("1st", 3, PlanEvents.Action.AUTO_EMAIL);
    static final PlanEvents.Step SECOND = step("2nd", 10, PlanEvents.Action.AUTO_EMAIL);
    static final PlanEvents.Step CALL = step("call", 21, PlanEvents.Action.CALL);
    static final PlanEvents.Step SMS = step("sms", 30, PlanEvents.Action.SMS);
    static final PlanFacts PLAN = new PlanFacts(UUID.randomUUID(), 1, "standard", List.of(FIRST, SECOND, CALL, SMS));

    final UUID customer = UUID.randomUUID();
    final Map<UUID, Firing.Facts> facts = new HashMap<>();

    static PlanEvents.Step step(String name, int days, PlanEvents.Action action) {
        return new PlanEvents.Step(UUID.randomUUID(), name, new PlanEvents.Trigger(PlanEvents.TriggerReference.DUE_DATE,
                PlanEvents.Direction.AFTER, days), action, "reminder", ALL);
    }

    /** An open invoice of the customer, with its facts as the projection would give them. */
    UUID invoice(Activation switches) {
        UUID id = UUID.randomUUID();
        InvoiceFacts invoice = new InvoiceFacts(id, customer, "INV-" + facts.size(), TODAY.minusDays(40),
                TODAY.minusDays(25), "EUR", new BigDecimal("100.00"), new BigDecimal("60.00"), "PARTIALLY_PAID",
                false, null);
        facts.put(id, new Firing.Facts(invoice, switches, PLAN.id(), PLAN, new CustomerFacts(customer, "Kunde GmbH",
                "de", List.of(InvoiceEvents.Contact.of("Ann", "ann@kunde.example", null, null)), List.of())));
        return id;
    }

    Firing.Due due(UUID invoice, PlanEvents.Step step, int order, LocalDate day) {
        return new Firing.Due("k-" + invoice + "-" + order, TENANT, invoice, customer, PLAN.id(), step.stepId(), order,
                day);
    }

    Firing.Decided decide(List<Firing.Due> due, int gapDays, LocalDate lastSent) {
        Map<Firing.CustomerKey, LocalDate> last = lastSent == null ? Map.of()
                : Map.of(new Firing.CustomerKey(TENANT, customer), lastSent);
        return Firing.decide(due, d -> facts.get(d.invoiceId()), t -> new Firing.Tenant(SLOTS, gapDays), last, NOW);
    }

    @Test
    void ofOneInvoicesDueStepsTheMostAdvancedFiresAndTheOthersAreSkippedFirst() {
        UUID invoice = invoice(Activation.ON);
        Firing.Due first = due(invoice, FIRST, 0, TODAY.minusDays(22));
        Firing.Due second = due(invoice, SECOND, 1, TODAY.minusDays(15));
        Firing.Decided decided = decide(List.of(first, second), 0, null);

        assertThat(decided.outcomes()).hasSize(2);
        Firing.Skipped skipped = (Firing.Skipped) decided.outcomes().get(0);
        assertThat(skipped.due()).isEqualTo(first);
        assertThat(skipped.event().reason()).isEqualTo("a more advanced step (2nd) fired instead");
        Firing.Fired fired = (Firing.Fired) decided.outcomes().get(1);
        assertThat(fired.due()).isEqualTo(second);
        assertThat(fired.event().invoices()).singleElement().satisfies(i -> {
            assertThat(i.outstanding()).isEqualByComparingTo("60.00");
            assertThat(i.daysLate()).isEqualTo(25);
        });
        assertThat(fired.event().customer().recipients()).hasSize(1);
        assertThat(fired.level().stepName()).isEqualTo("2nd");
        assertThat(decided.messagesSent()).containsEntry(new Firing.CustomerKey(TENANT, customer), TODAY);
    }

    @Test
    void theGapHoldsTheCustomersSecondInvoiceOfTheSameBatchUntilItEnds() {
        UUID one = invoice(Activation.ON);
        UUID two = invoice(Activation.ON);
        Firing.Decided decided = decide(List.of(due(one, FIRST, 0, TODAY), due(two, FIRST, 0, TODAY)), 5, null);

        assertThat(decided.outcomes().get(0)).isInstanceOf(Firing.Fired.class);
        Firing.Postponed held = (Firing.Postponed) decided.outcomes().get(1);
        assertThat(held.due().invoiceId()).isEqualTo(two);
        assertThat(held.until()).isEqualTo(SLOTS.slotFor(TODAY.plusDays(5), NOW));
    }

    @Test
    void theGapCountsFromTheLastMessageBeforeTheBatchAndOnlyForAutomaticMessages() {
        UUID invoice = invoice(Activation.ON);
        Firing.Decided held = decide(List.of(due(invoice, FIRST, 0, TODAY)), 5, TODAY.minusDays(2));
        assertThat(held.outcomes()).singleElement().isInstanceOf(Firing.Postponed.class);
        assertThat(held.messagesSent()).isEmpty();

        Firing.Decided call = decide(List.of(due(invoice, CALL, 2, TODAY)), 5, TODAY.minusDays(2));
        assertThat(call.outcomes()).singleElement().isInstanceOf(Firing.Fired.class);
        assertThat(call.messagesSent()).isEmpty();

        // a text message (R8.2) is an automatic message: held by the gap, and counted once it goes
        UUID other = invoice(Activation.ON);
        assertThat(decide(List.of(due(other, SMS, 3, TODAY)), 5, TODAY.minusDays(2)).outcomes()).singleElement()
                .isInstanceOf(Firing.Postponed.class);
        Firing.Decided sms = decide(List.of(due(other, SMS, 3, TODAY)), 5, TODAY.minusDays(6));
        assertThat(sms.outcomes()).singleElement().isInstanceOf(Firing.Fired.class);
        assertThat(sms.messagesSent()).isNotEmpty();
    }

    @Test
    void whatChangedSincePlanningSkipsEveryDueStepOfTheInvoiceWithTheReason() {
        UUID paused = invoice(new Activation(true, true, true));
        UUID unknown = UUID.randomUUID();
        facts.put(unknown, new Firing.Facts(null, null, null, null, null));
        UUID reassigned = invoice(Activation.ON);
        Firing.Facts f = facts.get(reassigned);
        facts.put(reassigned, new Firing.Facts(f.invoice(), f.activation(), UUID.randomUUID(), null, f.customer()));

        Firing.Decided decided = decide(List.of(due(paused, FIRST, 0, TODAY), due(paused, SECOND, 1, TODAY),
                due(unknown, FIRST, 0, TODAY), due(reassigned, FIRST, 0, TODAY)), 0, null);

        assertThat(decided.outcomes()).allMatch(o -> o instanceof Firing.Skipped)
                .extracting(o -> ((Firing.Skipped) o).event().reason())
                .containsExactly("automation is paused for the customer", "automation is paused for the customer",
                        "the invoice is unknown", "the plan is no longer assigned to the customer");
    }

    @Test
    void aStepThatAttachesTheInvoiceDocumentSaysSoInItsEvent() {
        UUID invoice = invoice(Activation.ON);
        PlanEvents.Step attaching = new PlanEvents.Step(FIRST.stepId(), FIRST.name(), FIRST.trigger(), FIRST.action(),
                FIRST.templateKey(), FIRST.recipients(), true);
        PlanFacts plan = new PlanFacts(PLAN.id(), 2, PLAN.name(), List.of(attaching, SECOND, CALL));
        Firing.Facts f = facts.get(invoice);
        facts.put(invoice, new Firing.Facts(f.invoice(), f.activation(), plan.id(), plan, f.customer()));
        Firing.Decided decided = decide(List.of(due(invoice, FIRST, 0, TODAY)), 0, null);
        assertThat(decided.outcomes()).singleElement().satisfies(o ->
                assertThat(((Firing.Fired) o).event().attachDocuments()).isTrue());
        assertThat(((Firing.Fired) decide(List.of(due(invoice(Activation.ON), FIRST, 0, TODAY)), 0, null).outcomes()
                .get(0)).event().attachDocuments()).isFalse();
    }

    @Test
    void aStepThatTestsTwoTemplatesSendsEachInvoiceTheOneItsBucketGivesAndSaysWhich() {
        PlanEvents.Step tested = new PlanEvents.Step(FIRST.stepId(), FIRST.name(), FIRST.trigger(), FIRST.action(),
                FIRST.templateKey(), FIRST.recipients(), false, new PlanEvents.TemplateSplit("reminder-b", 50));
        PlanFacts plan = new PlanFacts(PLAN.id(), 2, PLAN.name(), List.of(tested, SECOND, CALL));
        java.util.Set<String> variants = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            UUID invoice = invoice(Activation.ON);
            Firing.Facts f = facts.get(invoice);
            facts.put(invoice, new Firing.Facts(f.invoice(), f.activation(), plan.id(), plan, f.customer()));
            ReminderEvents.ReminderStepDue event = ((Firing.Fired) decide(List.of(due(invoice, FIRST, 0, TODAY)), 0,
                    null).outcomes().get(0)).event();
            assertThat(event).isEqualTo(((Firing.Fired) decide(List.of(due(invoice, FIRST, 0, TODAY)), 0, null)
                    .outcomes().get(0)).event()); // a retry decides the same
            assertThat(event.templateKey()).isEqualTo(event.templateVariant().equals("B") ? "reminder-b" : "reminder");
            assertThat(event.templateVariant()).isEqualTo(AbTests.choose("reminder", tested.abTest(), tested.stepId(),
                    invoice).variant());
            variants.add(event.templateVariant());
        }
        assertThat(variants).containsExactlyInAnyOrder("A", "B");
        assertThat(((Firing.Fired) decide(List.of(due(invoice(Activation.ON), FIRST, 0, TODAY)), 0, null).outcomes()
                .get(0)).event().templateVariant()).isNull();
    }

    @Test
    void aStepThePlanNoLongerHasIsSkippedNotFailed() {
        UUID invoice = invoice(Activation.ON);
        PlanEvents.Step gone = step("gone", 30, PlanEvents.Action.AUTO_EMAIL);
        Firing.Decided decided = decide(List.of(due(invoice, gone, 3, TODAY)), 0, null);
        assertThat(decided.outcomes()).singleElement().satisfies(o ->
                assertThat(((Firing.Skipped) o).event().reason()).isEqualTo("the step is no longer in the plan"));
    }

    @Test
    void anInvoiceWhosePartialPaymentTookItBelowTheTenantsMinimumIsSkippedWithTheReason() {
        UUID invoice = invoice(Activation.ON); // 60.00 EUR still open, read as 60.0000 from the projection
        Firing.Facts f = facts.get(invoice);
        InvoiceFacts i = f.invoice();
        facts.put(invoice, new Firing.Facts(new InvoiceFacts(i.invoiceId(), i.customerId(), i.number(), i.issueDate(),
                i.dueDate(), i.currency(), i.amount(), new BigDecimal("60.0000"), i.status(), false, null),
                f.activation(), f.assignedPlan(), f.plan(), f.customer()));
        Firing.Due second = due(invoice, SECOND, 1, TODAY);
        Function<String, Firing.Tenant> minimum = amount -> new Firing.Tenant(SLOTS, 7,
                new MinimumAmounts(Map.of("EUR", new BigDecimal(amount))));

        Firing.Decided below = Firing.decide(List.of(second), d -> facts.get(d.invoiceId()),
                t -> minimum.apply("60.01"), Map.of(), NOW);
        assertThat(below.outcomes()).singleElement().isInstanceOfSatisfying(Firing.Skipped.class, s ->
                assertThat(s.event().reason()).isEqualTo("the outstanding 60.00 EUR is below the tenant's minimum "
                        + "of 60.01 EUR"));
        assertThat(below.messagesSent()).as("a skipped step does not count for the minimum gap").isEmpty();

        assertThat(Firing.decide(List.of(second), d -> facts.get(d.invoiceId()), t -> minimum.apply("60.00"),
                Map.of(), NOW).outcomes()).singleElement().isInstanceOf(Firing.Fired.class);
        Firing.Tenant otherCurrency = new Firing.Tenant(SLOTS, 0, new MinimumAmounts(Map.of("USD",
                new BigDecimal("1000"))));
        assertThat(Firing.decide(List.of(second), d -> facts.get(d.invoiceId()), t -> otherCurrency, Map.of(), NOW)
                .outcomes()).singleElement().isInstanceOf(Firing.Fired.class);
    }

    @Test
    void thePlansMaximumOfAutomaticRemindersSkipsTheNextEmailButNotACall() {
        PlanFacts limited = new PlanFacts(PLAN.id(), 2, "standard", PLAN.steps(), 1);
        UUID invoice = invoice(Activation.ON);
        Firing.Facts f = facts.get(invoice);
        facts.put(invoice, new Firing.Facts(f.invoice(), f.activation(), f.assignedPlan(), limited, f.customer(),
                List.of(FIRST.stepId())));
        Firing.Decided second = decide(List.of(due(invoice, SECOND, 1, TODAY)), 0, null);
        assertThat(second.outcomes()).singleElement().isInstanceOfSatisfying(Firing.Skipped.class, s ->
                assertThat(s.event().reason()).isEqualTo("the plan's maximum of 1 automatic reminder(s) per invoice "
                        + "is reached"));
        assertThat(decide(List.of(due(invoice, CALL, 2, TODAY)), 0, null).outcomes()).singleElement()
                .isInstanceOf(Firing.Fired.class);
        // before the first e-mail has gone out, the limit does not hold it
        facts.put(invoice, new Firing.Facts(f.invoice(), f.activation(), f.assignedPlan(), limited, f.customer(),
                List.of()));
        assertThat(decide(List.of(due(invoice, SECOND, 1, TODAY)), 0, null).outcomes()).singleElement()
                .isInstanceOf(Firing.Fired.class);
    }

    @Test
    void aBatchTakesWholeCustomersUpToItsShareOfStepsAndTheRestWait() {
        UUID other = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        List<Firing.Due> due = List.of(
                new Firing.Due("a1", TENANT, UUID.randomUUID(), customer, PLAN.id(), FIRST.stepId(), 1, TODAY),
                new Firing.Due("b1", TENANT, UUID.randomUUID(), other, PLAN.id(), FIRST.stepId(), 1, TODAY),
                new Firing.Due("a2", TENANT, UUID.randomUUID(), customer, PLAN.id(), FIRST.stepId(), 1, TODAY),
                new Firing.Due("b2", TENANT, UUID.randomUUID(), other, PLAN.id(), FIRST.stepId(), 1, TODAY),
                new Firing.Due("c1", TENANT, UUID.randomUUID(), third, PLAN.id(), FIRST.stepId(), 1, TODAY));

        assertThat(Firing.share(due, 5).now()).isEqualTo(due);
        assertThat(Firing.share(due, 5).deferred()).isEmpty();
        // the first customer's two steps fit, the second's would not: it waits, and so does everyone after it
        Firing.Share three = Firing.share(due, 3);
        assertThat(three.now()).extracting(Firing.Due::key).containsExactly("a1", "a2");
        assertThat(three.deferred()).containsExactly(new Firing.CustomerKey(TENANT, other),
                new Firing.CustomerKey(TENANT, third));
        // the first customer is decided whole even when it alone has more steps than the share
        assertThat(Firing.share(due, 1).now()).extracting(Firing.Due::key).containsExactly("a1", "a2");
        assertThat(Firing.share(due, 4).now()).extracting(Firing.Due::key).containsExactly("a1", "b1", "a2", "b2");
    }
}
