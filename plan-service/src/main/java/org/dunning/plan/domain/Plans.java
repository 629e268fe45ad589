package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Action;
import org.dunning.contract.PlanEvents.ContactScope;
import org.dunning.contract.PlanEvents.Direction;
import org.dunning.contract.PlanEvents.GroupSettings;
import org.dunning.contract.PlanEvents.GroupStep;
import org.dunning.contract.PlanEvents.Interval;
import org.dunning.contract.PlanEvents.OverviewSettings;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.Recipients;
import org.dunning.contract.PlanEvents.Slot;
import org.dunning.contract.PlanEvents.Step;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateSplit;
import org.dunning.contract.PlanEvents.Trigger;
import org.dunning.contract.PlanEvents.TriggerReference;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.Violations;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The plan decider (R1): the three plan types, each with its own rules; edits keep each step's identity and append
 * a new version; archiving ends a plan without deleting its history. Commands in, events out, no framework.
 */
public final class Plans {

    public static final int MAX_STEPS = 20;
    public static final int MAX_DAYS = 3650;
    public static final int MAX_INTERVAL = 365;
    public static final int MAX_NAME = 200;
    public static final int MAX_AUTOMATIC_REMINDERS = 50;

    /** Which active templates exist: the kind of the template with this key, or null when there is none. */
    @FunctionalInterface
    public interface TemplateCatalog {
        TemplateKind kindOf(String key);
    }

    public record Create(UUID planId, PlanInput input) {
    }

    public record Revise(PlanInput input) {
    }

    public record Archive() {
    }

    public record State(long version, UUID planId, String name, PlanType planType, List<Step> steps,
                        GroupSettings group, OverviewSettings overview, Integer maxAutomaticReminders,
                        boolean archived) {
        public static final State NONE = new State(0, null, null, null, List.of(), null, null, null, false);
    }

    /** The slot a plan type fills for a customer: one escalation plan (per invoice or per group), one overview. */
    public static Slot slotOf(PlanType type) {
        return type == PlanType.RECURRING_OVERVIEW ? Slot.OVERVIEW : Slot.ESCALATION;
    }

    public static List<PlanEvent> decide(Create c, State state, TemplateCatalog templates, Supplier<UUID> ids) {
        if (state.version() > 0) {
            throw new Conflict("plan " + c.planId() + " exists already");
        }
        PlanEvent.PlanCreated d = define(c.planId(), c.input(), state, templates, ids);
        return List.of(d);
    }

    /** An edit: the whole new definition. Unchanged input appends nothing. */
    public static List<PlanEvent> decide(Revise c, State state, TemplateCatalog templates, Supplier<UUID> ids) {
        if (state.archived()) {
            throw new Conflict("plan " + state.planId() + " is archived; create a new plan instead");
        }
        PlanEvent.PlanCreated d = define(state.planId(), c.input(), state, templates, ids);
        if (d.name().equals(state.name()) && Objects.equals(d.steps(), state.steps())
                && Objects.equals(d.group(), state.group()) && Objects.equals(d.overview(), state.overview())
                && Objects.equals(d.maxAutomaticReminders(), state.maxAutomaticReminders())) {
            return List.of();
        }
        return List.of(new PlanEvent.PlanRevised(d.planId(), d.name(), d.planType(), d.steps(), d.group(),
                d.overview(), d.maxAutomaticReminders()));
    }

    /** Archives the plan; the caller has checked that no customer and no segment uses it. */
    public static List<PlanEvent> decide(Archive c, State state) {
        return state.archived() ? List.of() : List.of(new PlanEvent.PlanArchived(state.planId()));
    }

    public static State evolve(State s, PlanEvent e) {
        if (e instanceof PlanEvent.PlanCreated c) {
            return new State(s.version() + 1, c.planId(), c.name(), c.planType(), steps(c.steps()), c.group(),
                    c.overview(), c.maxAutomaticReminders(), false);
        }
        if (e instanceof PlanEvent.PlanRevised r) {
            return new State(s.version() + 1, r.planId(), r.name(), r.planType(), steps(r.steps()), r.group(),
                    r.overview(), r.maxAutomaticReminders(), false);
        }
        if (e instanceof PlanEvent.PlanArchived) {
            return new State(s.version() + 1, s.planId(), s.name(), s.planType(), s.steps(), s.group(), s.overview(),
                    s.maxAutomaticReminders(), true);
        }
        throw new IllegalArgumentException("not a plan event: " + e);
    }

    private static List<Step> steps(List<Step> steps) {
        return steps == null ? List.of() : steps;
    }

    public static State replay(List<PlanEvent> events) {
        State s = State.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static PlanEvent.PlanCreated define(UUID planId, PlanInput in, State current, TemplateCatalog templates,
                                               Supplier<UUID> ids) {
        Violations v = new Violations();
        if (in == null) {
            v.check(false, "body", "required").throwIfAny();
        }
        String name = in.name() == null ? null : in.name().trim();
        v.check(name != null && !name.isEmpty() && name.length() <= MAX_NAME, "name",
                "required, at most " + MAX_NAME + " characters");
        v.check(in.planType() != null, "planType",
                "one of ESCALATION_PER_INVOICE, ESCALATION_PER_GROUP, RECURRING_OVERVIEW");
        if (current.planType() != null && in.planType() != null && in.planType() != current.planType()) {
            v.check(false, "planType", "cannot change (the plan is " + current.planType()
                    + "); create a new plan of the other type");
        }
        PlanType type = in.planType();
        v.check(in.steps() == null || in.steps().isEmpty() || type == PlanType.ESCALATION_PER_INVOICE, "steps",
                "only for ESCALATION_PER_INVOICE plans" + (type == PlanType.ESCALATION_PER_GROUP
                        ? " (a group plan's steps go in group.steps)" : ""));
        v.check(in.group() == null || type == PlanType.ESCALATION_PER_GROUP, "group",
                "only for ESCALATION_PER_GROUP plans");
        v.check(in.overview() == null || type == PlanType.RECURRING_OVERVIEW, "overview",
                "only for RECURRING_OVERVIEW plans");
        Integer max = in.maxAutomaticReminders();
        v.check(max == null || type == PlanType.ESCALATION_PER_INVOICE, "maxAutomaticReminders",
                "only for ESCALATION_PER_INVOICE plans");
        v.check(max == null || (max >= 1 && max <= MAX_AUTOMATIC_REMINDERS), "maxAutomaticReminders",
                "1 to " + MAX_AUTOMATIC_REMINDERS + " (leave it out for no limit)");
        List<Step> steps = List.of();
        GroupSettings group = null;
        OverviewSettings overview = null;
        if (type == PlanType.ESCALATION_PER_INVOICE) {
            steps = steps(in.steps(), current, templates, ids, v);
        } else if (type == PlanType.ESCALATION_PER_GROUP) {
            group = group(in.group(), current, templates, ids, v);
        } else if (type == PlanType.RECURRING_OVERVIEW) {
            overview = overview(in.overview(), templates, v);
        }
        v.throwIfAny();
        return new PlanEvent.PlanCreated(planId, name, type, steps, group, overview, max);
    }

    private static List<Step> steps(List<PlanInput.StepInput> in, State current, TemplateCatalog templates,
                                    Supplier<UUID> ids, Violations v) {
        List<PlanInput.StepInput> list = in == null ? List.of() : in;
        v.check(!list.isEmpty() && list.size() <= MAX_STEPS, "steps", "1 to " + MAX_STEPS + " steps");
        Set<UUID> known = new HashSet<>();
        current.steps().forEach(s -> known.add(s.stepId()));
        StepIds stepIds = new StepIds(known, ids);
        Map<TriggerReference, Integer> lastOffset = new EnumMap<>(TriggerReference.class);
        Map<TriggerReference, String> lastName = new EnumMap<>(TriggerReference.class);
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "steps[" + i + "]";
            PlanInput.StepInput s = list.get(i);
            if (s == null) {
                v.check(false, at, "required");
                continue;
            }
            String name = stepName(s.name(), at, v);
            PlanInput.TriggerInput t = s.trigger();
            Trigger trigger = null;
            v.check(t != null, at + ".trigger", "required: reference, direction and days");
            if (t != null) {
                v.check(t.reference() != null, at + ".trigger.reference",
                                "one of DUE_DATE, ISSUE_DATE, EXPECTED_PAYMENT_DATE")
                        .check(t.direction() != null, at + ".trigger.direction", "one of BEFORE, AFTER")
                        .check(t.days() != null && t.days() >= 0 && t.days() <= MAX_DAYS, at + ".trigger.days",
                                "a number of days from 0 to " + MAX_DAYS)
                        .check(!(t.reference() == TriggerReference.ISSUE_DATE && t.direction() == Direction.BEFORE),
                                at + ".trigger.direction", "BEFORE is not allowed with the issue date");
                if (t.reference() != null && t.direction() != null && t.days() != null) {
                    trigger = new Trigger(t.reference(), t.direction(), t.days());
                    int offset = t.direction() == Direction.AFTER ? t.days() : -t.days();
                    Integer before = lastOffset.get(t.reference());
                    v.check(before == null || offset > before, at + ".trigger",
                            "fires on or before the earlier step '" + lastName.get(t.reference())
                                    + "' counted from the same date; list the steps in the order they fire");
                    lastOffset.put(t.reference(), offset);
                    lastName.put(t.reference(), name);
                }
            }
            Action action = action(s.action(), at, v);
            String template = template(action, s.templateKey(), at, templates, v);
            Recipients recipients = recipients(s.recipients(), at, action != null && action != Action.CALL, v);
            out.add(new Step(stepIds.next(s.stepId(), at, v), name, trigger, action, template, recipients,
                    attach(s.attachDocuments(), action, at, v), split(s.abTest(), action, template, at, templates, v)));
        }
        return out;
    }

    private static GroupSettings group(PlanInput.GroupInput g, State current, TemplateCatalog templates,
                                       Supplier<UUID> ids, Violations v) {
        if (g == null) {
            v.check(false, "group", "required: checkEvery, startDate, scope and steps");
            return null;
        }
        Interval every = interval(g.checkEvery(), "group.checkEvery", v);
        v.check(g.startDate() != null, "group.startDate", "required: the first check date")
                .check(g.scope() != null, "group.scope", "one of ALL_UNPAID, OVERDUE_ONLY");
        List<PlanInput.GroupStepInput> list = g.steps() == null ? List.of() : g.steps();
        v.check(!list.isEmpty() && list.size() <= MAX_STEPS, "group.steps", "1 to " + MAX_STEPS + " steps");
        Set<UUID> known = new HashSet<>();
        if (current.group() != null) {
            current.group().steps().forEach(s -> known.add(s.stepId()));
        }
        StepIds stepIds = new StepIds(known, ids);
        Integer last = null;
        List<GroupStep> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "group.steps[" + i + "]";
            PlanInput.GroupStepInput s = list.get(i);
            if (s == null) {
                v.check(false, at, "required");
                continue;
            }
            String name = stepName(s.name(), at, v);
            Integer min = s.minDaysLate();
            v.check(min != null && min >= 0 && min <= MAX_DAYS, at + ".minDaysLate",
                    "days late of the oldest invoice in scope, 0 to " + MAX_DAYS);
            if (min != null) {
                v.check(last == null || min > last, at + ".minDaysLate",
                        "must be more than the step before (" + last + "); list the levels in increasing order");
                last = min;
            }
            Action action = action(s.action(), at, v);
            String template = template(action, s.templateKey(), at, templates, v);
            Recipients recipients = recipients(s.recipients(), at, action != null && action != Action.CALL, v);
            out.add(new GroupStep(stepIds.next(s.stepId(), at, v), name, min == null ? 0 : min, action, template,
                    recipients, attach(s.attachDocuments(), action, at, v),
                    split(s.abTest(), action, template, at, templates, v)));
        }
        return new GroupSettings(every, g.startDate(), g.scope(), out);
    }

    /** R8.5: a second template of the same kind as the step's, for 1 to 99 % of the invoices (customers). */
    private static TemplateSplit split(PlanInput.TemplateSplitInput in, Action action, String templateA, String at,
                                       TemplateCatalog templates, Violations v) {
        if (in == null || action == null) {
            return null;
        }
        String field = at + ".abTest";
        if (action == Action.CALL) {
            v.check(false, field, "a CALL step has no template to test");
            return null;
        }
        String key = template(action, in.templateKey(), field, templates, v);
        v.check(key == null || !key.equals(templateA), field + ".templateKey", "another template than the step's own "
                        + "(the B of an A/B test)")
                .check(in.percent() != null && in.percent() >= 1 && in.percent() <= 99, field + ".percent",
                        "the share of invoices that get it, 1 to 99");
        return key == null || in.percent() == null ? null : new TemplateSplit(key, in.percent());
    }

    /** R8.1: only an e-mail can carry the invoice documents. */
    private static boolean attach(Boolean attachDocuments, Action action, String at, Violations v) {
        boolean attach = Boolean.TRUE.equals(attachDocuments);
        v.check(!attach || action == null || action == Action.AUTO_EMAIL || action == Action.EMAIL_WITH_VALIDATION,
                at + ".attachDocuments", "only an e-mail step (AUTO_EMAIL, EMAIL_WITH_VALIDATION) attaches the "
                        + "invoice documents");
        return attach;
    }

    private static OverviewSettings overview(PlanInput.OverviewInput o, TemplateCatalog templates, Violations v) {
        if (o == null) {
            v.check(false, "overview", "required: every, startDate, scope, recipients and templateKey");
            return null;
        }
        Interval every = interval(o.every(), "overview.every", v);
        v.check(o.startDate() != null, "overview.startDate", "required: the first overview date")
                .check(o.scope() != null, "overview.scope", "one of ALL_UNPAID (all open), OVERDUE_ONLY");
        String template = template(Action.AUTO_EMAIL, o.templateKey(), "overview", templates, v);
        Recipients recipients = recipients(o.recipients(), "overview", true, v);
        return new OverviewSettings(every, o.startDate(), o.scope(), recipients, template,
                Boolean.TRUE.equals(o.includeCreditNotes()));
    }

    private static Interval interval(PlanInput.IntervalInput i, String at, Violations v) {
        v.check(i != null && i.every() != null && i.every() >= 1 && i.every() <= MAX_INTERVAL, at + ".every",
                "a number from 1 to " + MAX_INTERVAL);
        v.check(i != null && i.unit() != null, at + ".unit", "one of DAYS, WEEKS, MONTHS");
        return i == null || i.every() == null || i.unit() == null ? null : new Interval(i.every(), i.unit());
    }

    private static String stepName(String name, String at, Violations v) {
        String n = name == null ? null : name.trim();
        v.check(n != null && !n.isEmpty() && n.length() <= MAX_NAME, at + ".name",
                "required, at most " + MAX_NAME + " characters");
        return n;
    }

    private static Action action(Action action, String at, Violations v) {
        v.check(action != null, at + ".action", "one of AUTO_EMAIL, EMAIL_WITH_VALIDATION, CALL, LETTER");
        return action;
    }

    /**
     * The template a step names: an e-mail template for e-mail actions, a letter template for letters, a text message
     * template for SMS (R8.2), none for calls.
     */
    private static String template(Action action, String key, String at, TemplateCatalog templates, Violations v) {
        if (action == null) {
            return key;
        }
        String k = key == null || key.isBlank() ? null : key.trim();
        if (action == Action.CALL) {
            v.check(k == null, at + ".templateKey", "a CALL step has no template");
            return null;
        }
        TemplateKind needed = action == Action.LETTER ? TemplateKind.LETTER
                : action == Action.SMS ? TemplateKind.SMS : TemplateKind.EMAIL;
        if (k == null) {
            v.check(false, at + ".templateKey", "required: the key of a " + needed + " template");
            return null;
        }
        TemplateKind kind = templates.kindOf(k);
        v.check(kind != null, at + ".templateKey", "no active template with key '" + k + "'");
        v.check(kind == null || kind == needed, at + ".templateKey",
                "'" + k + "' is a " + kind + " template; a " + action + " step needs a " + needed + " template");
        return k;
    }

    private static Recipients recipients(PlanInput.RecipientsInput r, String at, boolean required, Violations v) {
        ContactScope contacts = r == null || r.contacts() == null ? ContactScope.ALL : r.contacts();
        List<String> roles = r == null || r.contactRoles() == null ? List.of()
                : r.contactRoles().stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        boolean internal = r != null && Boolean.TRUE.equals(r.internalUsers());
        v.check(contacts != ContactScope.ROLES || !roles.isEmpty(), at + ".recipients.contactRoles",
                "at least one role when contacts is ROLES");
        v.check(contacts == ContactScope.ROLES || roles.isEmpty(), at + ".recipients.contactRoles",
                "only with contacts ROLES");
        v.check(!required || contacts != ContactScope.NONE || internal, at + ".recipients",
                "at least one recipient: contacts, or the customer's internal users");
        return new Recipients(contacts, roles, internal);
    }

    /** Hands out step ids: a known id is kept (the step's identity across versions), a missing one is new. */
    private static final class StepIds {
        private final Set<UUID> known;
        private final Set<UUID> used = new HashSet<>();
        private final Supplier<UUID> ids;

        StepIds(Set<UUID> known, Supplier<UUID> ids) {
            this.known = known;
            this.ids = ids;
        }

        UUID next(UUID given, String at, Violations v) {
            if (given == null) {
                return ids.get();
            }
            v.check(known.contains(given), at + ".stepId", "not a step of this plan; leave it out for a new step");
            v.check(used.add(given), at + ".stepId", "names the same step as an earlier one");
            return given;
        }
    }

    private Plans() {
    }
}
