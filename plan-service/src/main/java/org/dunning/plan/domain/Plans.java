package org.dunning.plan.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.Violations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** The plan decider: commands in, events out, no framework. */
public final class Plans {

    public static final String ESCALATION_PER_INVOICE = "ESCALATION_PER_INVOICE";
    static final int MAX_DAYS = 3650;

    public record CreatePlan(UUID planId, String name, List<Step> steps) {
    }

    public record AssignPlan(UUID customerId, UUID planId) {
    }

    public record State(long version) {
        public static final State NONE = new State(0);
    }

    /**
     * Creates an escalation-per-invoice plan. Steps get stable ids; "before" cannot count from the issue date;
     * two steps cannot fire on the same day.
     */
    public static List<PlanEvent> decide(CreatePlan c, State state, Supplier<UUID> ids) {
        if (state.version() > 0) {
            throw new Conflict("plan " + c.planId() + " exists already");
        }
        List<Step> steps = c.steps() == null ? List.of() : c.steps();
        Violations v = new Violations()
                .check(c.name() != null && !c.name().isBlank(), "name", "required")
                .check(!steps.isEmpty(), "steps", "at least one step");
        Set<Integer> offsets = new HashSet<>();
        List<Step> withIds = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = "steps[" + i + "]";
            if (s == null) {
                v.check(false, at, "required");
                continue;
            }
            Step.Trigger t = s.trigger();
            v.check(s.name() != null && !s.name().isBlank(), at + ".name", "required")
                    .check(s.action() != null, at + ".action", "one of AUTO_EMAIL, CALL")
                    .check(t != null, at + ".trigger", "required");
            if (t != null) {
                v.check(t.reference() != null, at + ".trigger.reference", "one of DUE_DATE, ISSUE_DATE")
                        .check(t.direction() != null, at + ".trigger.direction", "one of BEFORE, AFTER")
                        .check(t.days() != null && t.days() >= 0 && t.days() <= MAX_DAYS, at + ".trigger.days",
                                "between 0 and " + MAX_DAYS)
                        .check(!(t.reference() == Step.Reference.ISSUE_DATE && t.direction() == Step.Direction.BEFORE),
                                at + ".trigger.direction", "BEFORE is not allowed with the issue date");
                if (t.reference() == Step.Reference.DUE_DATE && t.direction() != null && t.days() != null) {
                    int offset = t.direction() == Step.Direction.AFTER ? t.days() : -t.days();
                    v.check(offsets.add(offset), at + ".trigger", "another step fires on the same day");
                }
            }
            withIds.add(new Step(s.stepId() != null ? s.stepId() : ids.get(), s.name() == null ? null : s.name().trim(),
                    t, s.action(), s.templateKey() == null || s.templateKey().isBlank() ? "reminder" : s.templateKey()));
        }
        v.throwIfAny();
        return List.of(new PlanEvent.PlanCreated(c.planId(), c.name().trim(), ESCALATION_PER_INVOICE, withIds));
    }

    /** Assigns a plan to a customer; the plan must exist (checked by the caller against the tenant's plans). */
    public static List<PlanEvent> decide(AssignPlan c, UUID currentPlan) {
        new Violations().check(c.planId() != null, "planId", "required").throwIfAny();
        if (c.planId().equals(currentPlan)) {
            return List.of();
        }
        return List.of(new PlanEvent.PlanAssigned(c.customerId(), c.planId()));
    }

    private Plans() {
    }
}
