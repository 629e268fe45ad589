package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A per-invoice escalation plan as the engine knows it: its version and its steps in order. */
public record PlanFacts(UUID id, long version, String name, List<PlanEvents.Step> steps) {

    /** The step of the plan, if it still has it. */
    public Optional<PlanEvents.Step> step(UUID stepId) {
        return steps.stream().filter(s -> s.stepId().equals(stepId)).findFirst();
    }
}
