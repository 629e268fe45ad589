package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PlanEvents.Action;
import org.dunning.contract.PlanEvents.ContactScope;
import org.dunning.contract.PlanEvents.Direction;
import org.dunning.contract.PlanEvents.IntervalUnit;
import org.dunning.contract.PlanEvents.InvoiceScope;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.Recipients;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TriggerReference;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan decider, given events / when command / then events or violations (R1.1–R1.4). */
class PlansTest {

    static final UUID PLAN = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final Plans.TemplateCatalog TEMPLATES = Map.of("friendly", TemplateKind.EMAIL, "firm", TemplateKind.EMAIL,
            "letter", TemplateKind.LETTER, "text", TemplateKind.SMS, "text-b", TemplateKind.SMS)::get;
    static final LocalDate START = LocalDate.of(2026, 12, 1);

    static Supplier<UUID> ids(UUID... ids) {
        Iterator<UUID> it = Arrays.asList(ids).iterator();
        return it::next;
    }

    static PlanInput.StepInput step(UUID id, String name, TriggerReference ref, Direction dir, Integer days,
                                    Action action, String template) {
        return new PlanInput.StepInput(id, name, new PlanInput.TriggerInput(ref, dir, days), action, template, null);
    }

    static PlanInput perInvoice(PlanInput.StepInput... steps) {
        return new PlanInput("Standard", PlanType.ESCALATION_PER_INVOICE, List.of(steps), null, null);
    }

    static List<String> fields(Runnable r) {
        try {
            r.run();
        } catch (ValidationFailed e) {
            return e.violations().stream().map(ValidationFailed.Violation::field).toList();
        }
        throw new AssertionError("no violation");
    }

    static List<String> messages(Runnable r) {
        try {
            r.run();
        } catch (ValidationFailed e) {
            return e.violations().stream().map(v -> v.field() + ": " + v.message()).toList();
        }
        throw new AssertionError("no violation");
    }

    static List<PlanEvent> create(PlanInput in, Supplier<UUID> ids) {
        return Plans.decide(new Plans.Create(PLAN, in), Plans.State.NONE, TEMPLATES, ids);
    }

    @Test
    void an_escalation_per_invoice_gets_step_ids_and_default_recipients() {
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        List<PlanEvent> events = create(perInvoice(
                step(null, " 1st reminder ", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.AUTO_EMAIL, "friendly"),
                step(null, "Call", TriggerReference.DUE_DATE, Direction.AFTER, 10, Action.CALL, null)), ids(s1, s2));
        PlanEvent.PlanCreated created = (PlanEvent.PlanCreated) events.get(0);
        assertThat(created.planType()).isEqualTo(PlanType.ESCALATION_PER_INVOICE);
        assertThat(created.steps()).extracting(s -> s.stepId()).containsExactly(s1, s2);
        assertThat(created.steps().get(0).name()).isEqualTo("1st reminder");
        assertThat(created.steps().get(0).recipients()).isEqualTo(new Recipients(ContactScope.ALL, List.of(), false));
        assertThat(created.group()).isNull();
        assertThat(created.overview()).isNull();
    }

    @Test
    void before_is_refused_with_the_issue_date_but_allowed_with_due_and_expected_payment_dates() {
        assertThat(messages(() -> create(perInvoice(step(null, "x", TriggerReference.ISSUE_DATE, Direction.BEFORE, 2,
                Action.CALL, null)), UUID::randomUUID)))
                .containsExactly("steps[0].trigger.direction: BEFORE is not allowed with the issue date");
        assertThat(create(perInvoice(
                step(null, "pre", TriggerReference.DUE_DATE, Direction.BEFORE, 3, Action.AUTO_EMAIL, "friendly"),
                step(null, "promise", TriggerReference.EXPECTED_PAYMENT_DATE, Direction.BEFORE, 1, Action.AUTO_EMAIL,
                        "friendly")), UUID::randomUUID)).hasSize(1);
    }

    @Test
    void every_missing_or_wrong_field_is_named() {
        assertThat(fields(() -> create(new PlanInput(" ", null, null, null, null), UUID::randomUUID)))
                .containsExactly("name", "planType");
        assertThat(fields(() -> create(perInvoice(), UUID::randomUUID))).containsExactly("steps");
        assertThat(fields(() -> create(perInvoice(new PlanInput.StepInput(null, null, null, null, null, null)),
                UUID::randomUUID)))
                .containsExactly("steps[0].name", "steps[0].trigger", "steps[0].action");
        assertThat(fields(() -> create(perInvoice(step(null, "x", null, null, -1, Action.CALL, null)),
                UUID::randomUUID)))
                .containsExactly("steps[0].trigger.reference", "steps[0].trigger.direction", "steps[0].trigger.days");
        assertThat(fields(() -> create(perInvoice(step(null, "x", TriggerReference.DUE_DATE, Direction.AFTER, 3651,
                Action.CALL, null)), UUID::randomUUID))).containsExactly("steps[0].trigger.days");
    }

    @Test
    void steps_are_listed_in_the_order_they_fire() {
        assertThat(messages(() -> create(perInvoice(
                step(null, "second", TriggerReference.DUE_DATE, Direction.AFTER, 10, Action.CALL, null),
                step(null, "first", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.CALL, null)),
                UUID::randomUUID))).singleElement().asString()
                .startsWith("steps[1].trigger: fires on or before the earlier step 'second'");
        assertThat(fields(() -> create(perInvoice(
                step(null, "a", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.CALL, null),
                step(null, "b", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.CALL, null)),
                UUID::randomUUID))).containsExactly("steps[1].trigger");
    }

    @Test
    void templates_must_exist_and_fit_the_action() {
        assertThat(messages(() -> create(perInvoice(
                step(null, "mail", TriggerReference.DUE_DATE, Direction.AFTER, 1, Action.AUTO_EMAIL, null),
                step(null, "review", TriggerReference.DUE_DATE, Direction.AFTER, 2, Action.EMAIL_WITH_VALIDATION, "nope"),
                step(null, "letter", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.LETTER, "friendly"),
                step(null, "call", TriggerReference.DUE_DATE, Direction.AFTER, 4, Action.CALL, "friendly")),
                UUID::randomUUID))).containsExactly(
                "steps[0].templateKey: required: the key of a EMAIL template",
                "steps[1].templateKey: no active template with key 'nope'",
                "steps[2].templateKey: 'friendly' is a EMAIL template; a LETTER step needs a LETTER template",
                "steps[3].templateKey: a CALL step has no template");
    }

    @Test
    void anSmsStepNamesATextMessageTemplateAndAttachesNothing() {
        assertThat(messages(() -> create(perInvoice(
                step(null, "sms", TriggerReference.DUE_DATE, Direction.AFTER, 1, Action.SMS, "friendly"),
                step(null, "mail", TriggerReference.DUE_DATE, Direction.AFTER, 2, Action.AUTO_EMAIL, "text")),
                UUID::randomUUID))).containsExactly(
                "steps[0].templateKey: 'friendly' is a EMAIL template; a SMS step needs a SMS template",
                "steps[1].templateKey: 'text' is a SMS template; a AUTO_EMAIL step needs a EMAIL template");
        assertThat(create(perInvoice(step(null, "sms", TriggerReference.DUE_DATE, Direction.AFTER, 1, Action.SMS,
                "text")), UUID::randomUUID)).hasSize(1);
    }

    @Test
    void recipients_need_someone_and_roles_only_with_role_scope() {
        PlanInput.StepInput nobody = new PlanInput.StepInput(null, "x", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 1), Action.AUTO_EMAIL, "friendly",
                new PlanInput.RecipientsInput(ContactScope.NONE, null, false));
        assertThat(fields(() -> create(perInvoice(nobody), UUID::randomUUID))).containsExactly("steps[0].recipients");
        PlanInput.StepInput noRoles = new PlanInput.StepInput(null, "x", nobody.trigger(), Action.AUTO_EMAIL, "friendly",
                new PlanInput.RecipientsInput(ContactScope.ROLES, List.of(" "), null));
        assertThat(fields(() -> create(perInvoice(noRoles), UUID::randomUUID)))
                .containsExactly("steps[0].recipients.contactRoles");
        PlanInput.StepInput team = new PlanInput.StepInput(null, "x", nobody.trigger(), Action.AUTO_EMAIL, "friendly",
                new PlanInput.RecipientsInput(ContactScope.NONE, null, true));
        PlanEvent.PlanCreated c = (PlanEvent.PlanCreated) create(perInvoice(team), UUID::randomUUID).get(0);
        assertThat(c.steps().get(0).recipients()).isEqualTo(new Recipients(ContactScope.NONE, List.of(), true));
    }

    @Test
    void a_group_plan_has_increasing_levels_on_the_oldest_invoice() {
        PlanInput.GroupInput group = new PlanInput.GroupInput(new PlanInput.IntervalInput(1, IntervalUnit.WEEKS), START,
                InvoiceScope.OVERDUE_ONLY, List.of(
                new PlanInput.GroupStepInput(null, "grouped mail", 1, Action.AUTO_EMAIL, "friendly", null),
                new PlanInput.GroupStepInput(null, "call", 21, Action.CALL, null, null),
                new PlanInput.GroupStepInput(null, "letter", 45, Action.LETTER, "letter", null)));
        PlanEvent.PlanCreated c = (PlanEvent.PlanCreated) create(new PlanInput("Grouped",
                PlanType.ESCALATION_PER_GROUP, null, group, null), UUID::randomUUID).get(0);
        assertThat(c.group().steps()).extracting(s -> s.minDaysLate()).containsExactly(1, 21, 45);
        assertThat(c.group().checkEvery().unit()).isEqualTo(IntervalUnit.WEEKS);

        PlanInput.GroupInput bad = new PlanInput.GroupInput(new PlanInput.IntervalInput(0, null), null, null, List.of(
                new PlanInput.GroupStepInput(null, "a", 10, Action.CALL, null, null),
                new PlanInput.GroupStepInput(null, "b", 5, Action.CALL, null, null)));
        assertThat(fields(() -> create(new PlanInput("Grouped", PlanType.ESCALATION_PER_GROUP, null, bad, null),
                UUID::randomUUID))).containsExactly("group.checkEvery.every", "group.checkEvery.unit",
                "group.startDate", "group.scope", "group.steps[1].minDaysLate");
        assertThat(fields(() -> create(new PlanInput("Grouped", PlanType.ESCALATION_PER_GROUP, null, null, null),
                UUID::randomUUID))).containsExactly("group");
    }

    @Test
    void a_recurring_overview_needs_interval_start_scope_recipients_and_an_email_template() {
        PlanInput ok = new PlanInput("Monthly", PlanType.RECURRING_OVERVIEW, null, null, new PlanInput.OverviewInput(
                new PlanInput.IntervalInput(1, IntervalUnit.MONTHS), START, InvoiceScope.ALL_UNPAID,
                new PlanInput.RecipientsInput(ContactScope.ROLES, List.of("accounting"), false), "friendly", true));
        PlanEvent.PlanCreated c = (PlanEvent.PlanCreated) create(ok, UUID::randomUUID).get(0);
        assertThat(c.overview().includeCreditNotes()).isTrue();
        assertThat(c.overview().recipients().contactRoles()).containsExactly("accounting");
        PlanInput bad = new PlanInput("Monthly", PlanType.RECURRING_OVERVIEW, null, null, new PlanInput.OverviewInput(
                null, null, null, new PlanInput.RecipientsInput(ContactScope.NONE, null, false), "letter", null));
        assertThat(fields(() -> create(bad, UUID::randomUUID))).containsExactly("overview.every.every",
                "overview.every.unit", "overview.startDate", "overview.scope", "overview.templateKey",
                "overview.recipients");
    }

    @Test
    void settings_of_another_type_are_refused() {
        PlanInput mixed = new PlanInput("Mixed", PlanType.RECURRING_OVERVIEW,
                List.of(step(null, "x", TriggerReference.DUE_DATE, Direction.AFTER, 1, Action.CALL, null)),
                new PlanInput.GroupInput(null, null, null, null), null);
        assertThat(fields(() -> create(mixed, UUID::randomUUID))).containsExactly("steps", "group", "overview");
    }

    @Test
    void a_per_invoice_plan_may_limit_its_automatic_reminders_and_an_edit_of_only_the_limit_is_a_version() {
        UUID s1 = UUID.randomUUID();
        PlanInput.StepInput first = step(null, "1st", TriggerReference.DUE_DATE, Direction.AFTER, 3,
                Action.AUTO_EMAIL, "friendly");
        PlanInput limited = new PlanInput("Standard", PlanType.ESCALATION_PER_INVOICE, List.of(first), null, null, 2);
        Plans.State v1 = Plans.replay(create(limited, ids(s1)));
        assertThat(v1.maxAutomaticReminders()).isEqualTo(2);
        PlanInput.StepInput same = step(s1, "1st", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.AUTO_EMAIL,
                "friendly");
        List<PlanEvent> edit = Plans.decide(new Plans.Revise(new PlanInput("Standard",
                PlanType.ESCALATION_PER_INVOICE, List.of(same), null, null, null)), v1, TEMPLATES, UUID::randomUUID);
        assertThat(edit).singleElement().isInstanceOfSatisfying(PlanEvent.PlanRevised.class, r ->
                assertThat(r.maxAutomaticReminders()).isNull());

        for (int wrong : new int[]{0, -1, Plans.MAX_AUTOMATIC_REMINDERS + 1}) {
            assertThat(fields(() -> create(new PlanInput("Standard", PlanType.ESCALATION_PER_INVOICE, List.of(first),
                    null, null, wrong), UUID::randomUUID))).containsExactly("maxAutomaticReminders");
        }
        assertThat(fields(() -> create(new PlanInput("Overview", PlanType.RECURRING_OVERVIEW, null, null, null, 3),
                UUID::randomUUID))).contains("maxAutomaticReminders");
    }

    @Test
    void an_email_step_may_attach_the_invoice_documents_and_an_edit_of_only_that_is_a_version() {
        UUID s1 = UUID.randomUUID();
        PlanInput.StepInput attaching = new PlanInput.StepInput(null, "1st", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.AUTO_EMAIL, "friendly", null, true);
        Plans.State v1 = Plans.replay(create(perInvoice(attaching), ids(s1)));
        assertThat(v1.steps()).singleElement().satisfies(s -> assertThat(s.attachDocuments()).isTrue());
        List<PlanEvent> edit = Plans.decide(new Plans.Revise(perInvoice(step(s1, "1st", TriggerReference.DUE_DATE,
                Direction.AFTER, 3, Action.AUTO_EMAIL, "friendly"))), v1, TEMPLATES, UUID::randomUUID);
        assertThat(edit).singleElement().isInstanceOfSatisfying(PlanEvent.PlanRevised.class, r ->
                assertThat(r.steps().get(0).attachDocuments()).isFalse());

        PlanInput.StepInput call = new PlanInput.StepInput(null, "call", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.CALL, null, null, true);
        assertThat(messages(() -> create(perInvoice(call), UUID::randomUUID))).containsExactly("steps[0]"
                + ".attachDocuments: only an e-mail step (AUTO_EMAIL, EMAIL_WITH_VALIDATION) attaches the invoice "
                + "documents");
        PlanInput.GroupInput group = new PlanInput.GroupInput(new PlanInput.IntervalInput(1, IntervalUnit.WEEKS), START,
                InvoiceScope.OVERDUE_ONLY, List.of(
                new PlanInput.GroupStepInput(null, "grouped mail", 1, Action.AUTO_EMAIL, "friendly", null, true),
                new PlanInput.GroupStepInput(null, "letter", 45, Action.LETTER, "letter", null, true)));
        assertThat(fields(() -> create(new PlanInput("Grouped", PlanType.ESCALATION_PER_GROUP, null, group, null),
                UUID::randomUUID))).containsExactly("group.steps[1].attachDocuments");
    }

    @Test
    void a_step_may_test_a_second_template_on_a_share_of_the_invoices() {
        PlanInput.StepInput tested = new PlanInput.StepInput(null, "1st", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.AUTO_EMAIL, "friendly", null, null,
                new PlanInput.TemplateSplitInput("firm", 30));
        PlanEvent.PlanCreated c = (PlanEvent.PlanCreated) create(perInvoice(tested), UUID::randomUUID).get(0);
        assertThat(c.steps().get(0).abTest()).isEqualTo(new PlanEvents.TemplateSplit("firm", 30));

        for (var wrong : List.of(new PlanInput.TemplateSplitInput("friendly", 30),
                new PlanInput.TemplateSplitInput("letter", 30), new PlanInput.TemplateSplitInput("firm", 0),
                new PlanInput.TemplateSplitInput("firm", 100), new PlanInput.TemplateSplitInput(null, 50))) {
            PlanInput.StepInput s = new PlanInput.StepInput(null, "1st", new PlanInput.TriggerInput(
                    TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.AUTO_EMAIL, "friendly", null, null, wrong);
            assertThat(fields(() -> create(perInvoice(s), UUID::randomUUID))).singleElement().asString()
                    .startsWith("steps[0].abTest.");
        }
        assertThat(messages(() -> create(perInvoice(new PlanInput.StepInput(null, "1st", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.AUTO_EMAIL, "friendly", null, null,
                new PlanInput.TemplateSplitInput("friendly", 30))), UUID::randomUUID))).containsExactly(
                "steps[0].abTest.templateKey: another template than the step's own (the B of an A/B test)");
        PlanInput.StepInput call = new PlanInput.StepInput(null, "call", new PlanInput.TriggerInput(
                TriggerReference.DUE_DATE, Direction.AFTER, 3), Action.CALL, null, null, null,
                new PlanInput.TemplateSplitInput("firm", 30));
        assertThat(fields(() -> create(perInvoice(call), UUID::randomUUID))).containsExactly("steps[0].abTest");
        PlanInput.GroupInput group = new PlanInput.GroupInput(new PlanInput.IntervalInput(1, IntervalUnit.WEEKS), START,
                InvoiceScope.OVERDUE_ONLY, List.of(new PlanInput.GroupStepInput(null, "grouped", 1, Action.AUTO_EMAIL,
                "friendly", null, null, new PlanInput.TemplateSplitInput("firm", 50))));
        PlanEvent.PlanCreated g = (PlanEvent.PlanCreated) create(new PlanInput("Grouped",
                PlanType.ESCALATION_PER_GROUP, null, group, null), UUID::randomUUID).get(0);
        assertThat(g.group().steps().get(0).abTest().percent()).isEqualTo(50);
    }

    @Test
    void an_edit_keeps_step_identity_and_appends_a_version() {
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        UUID s3 = UUID.randomUUID();
        Plans.State v1 = Plans.replay(create(perInvoice(
                step(null, "1st", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.AUTO_EMAIL, "friendly"),
                step(null, "2nd", TriggerReference.DUE_DATE, Direction.AFTER, 10, Action.AUTO_EMAIL, "firm")),
                ids(s1, s2)));
        List<PlanEvent> edit = Plans.decide(new Plans.Revise(perInvoice(
                step(s1, "1st", TriggerReference.DUE_DATE, Direction.AFTER, 5, Action.AUTO_EMAIL, "friendly"),
                step(null, "call", TriggerReference.DUE_DATE, Direction.AFTER, 14, Action.CALL, null))), v1, TEMPLATES,
                ids(s3));
        PlanEvent.PlanRevised revised = (PlanEvent.PlanRevised) edit.get(0);
        assertThat(revised.steps()).extracting(s -> s.stepId()).containsExactly(s1, s3);
        Plans.State v2 = Plans.evolve(v1, revised);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.steps().get(0).trigger().days()).isEqualTo(5);
        // the same definition again changes nothing
        assertThat(Plans.decide(new Plans.Revise(perInvoice(
                step(s1, "1st", TriggerReference.DUE_DATE, Direction.AFTER, 5, Action.AUTO_EMAIL, "friendly"),
                step(s3, "call", TriggerReference.DUE_DATE, Direction.AFTER, 14, Action.CALL, null))), v2, TEMPLATES,
                UUID::randomUUID)).isEmpty();
    }

    @Test
    void an_edit_cannot_name_foreign_steps_change_the_type_or_touch_an_archived_plan() {
        Plans.State v1 = Plans.replay(create(perInvoice(step(null, "1st", TriggerReference.DUE_DATE, Direction.AFTER,
                3, Action.CALL, null)), UUID::randomUUID));
        UUID foreign = UUID.randomUUID();
        List<PlanInput.StepInput> twice = new ArrayList<>();
        twice.add(step(foreign, "a", TriggerReference.DUE_DATE, Direction.AFTER, 3, Action.CALL, null));
        assertThat(fields(() -> Plans.decide(new Plans.Revise(new PlanInput("Standard",
                        PlanType.ESCALATION_PER_INVOICE, twice, null, null)), v1, TEMPLATES, UUID::randomUUID)))
                .containsExactly("steps[0].stepId");
        assertThat(fields(() -> Plans.decide(new Plans.Revise(new PlanInput("Standard", PlanType.RECURRING_OVERVIEW,
                null, null, null)), v1, TEMPLATES, UUID::randomUUID))).contains("planType");
        Plans.State archived = Plans.evolve(v1, Plans.decide(new Plans.Archive(), v1).get(0));
        assertThat(archived.archived()).isTrue();
        assertThat(Plans.decide(new Plans.Archive(), archived)).isEmpty();
        assertThatThrownBy(() -> Plans.decide(new Plans.Revise(perInvoice()), archived, TEMPLATES, UUID::randomUUID))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void a_plan_cannot_be_created_twice() {
        Plans.State v1 = Plans.replay(create(perInvoice(step(null, "1st", TriggerReference.DUE_DATE, Direction.AFTER,
                3, Action.CALL, null)), UUID::randomUUID));
        assertThatThrownBy(() -> Plans.decide(new Plans.Create(PLAN, perInvoice()), v1, TEMPLATES, UUID::randomUUID))
                .isInstanceOf(Conflict.class);
    }
}
