package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A per-invoice escalation plan as the engine knows it: its version, its steps in order and at most how many automatic
 * messages it sends per invoice (R8.3; null: no limit).
 */
public record PlanFacts(UUID id, long version, String name, List<PlanEvents.Step> steps,
                        Integer maxAutomaticReminders) {

    public PlanFacts(UUID id, long version, String name, List<PlanEvents.Step> steps) {
        this(id, version, name, steps, null);
    }

    /** How many of these fired steps sent an automatic message (a step no longer in the plan is not counted). */
    public long automaticAmong(java.util.Collection<UUID> firedSteps) {
        return firedSteps.stream().map(this::step).flatMap(Optional::stream)
                .filter(s -> MinimumGap.counts(s.action())).count();
    }

    /** Why an automatic step may not fire after {@code automaticSent} of them, or empty while under the limit. */
    public Optional<String> limitReached(long automaticSent) {
        return maxAutomaticReminders != null && automaticSent >= maxAutomaticReminders
                ? Optional.of(limitReason(maxAutomaticReminders)) : Optional.empty();
    }

    static String limitReason(int max) {
        return "the plan's maximum of " + max + " automatic reminder(s) per invoice is reached";
    }

    /** The step of the plan, if it still has it. */
    public Optional<PlanEvents.Step> step(UUID stepId) {
        return steps.stream().filter(s -> s.stepId().equals(stepId)).findFirst();
    }
}
