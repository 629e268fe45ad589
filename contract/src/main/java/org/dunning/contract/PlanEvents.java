package org.dunning.contract;

import java.util.List;
import java.util.UUID;

/** Published by plan-service on {@link Topics#PLAN_EVENTS}, keyed by {@code tenant/planId} or {@code tenant/customerId}. */
public final class PlanEvents {

    public enum PlanType { ESCALATION_PER_INVOICE }

    /** The date a step's trigger counts from. */
    public enum TriggerReference { DUE_DATE, ISSUE_DATE }

    public enum Direction { BEFORE, AFTER }

    public enum Action { AUTO_EMAIL, CALL }

    public record Trigger(TriggerReference reference, Direction direction, int days) {
    }

    /** One rule of an escalation plan. {@code stepId} is stable across plan versions. */
    public record Step(UUID stepId, String name, Trigger trigger, Action action, String templateKey) {
    }

    public record PlanCreated(UUID planId, long planVersion, String name, PlanType planType, List<Step> steps)
            implements IntegrationEvent {
    }

    public record PlanAssigned(UUID customerId, UUID planId) implements IntegrationEvent {
    }

    private PlanEvents() {
    }
}
