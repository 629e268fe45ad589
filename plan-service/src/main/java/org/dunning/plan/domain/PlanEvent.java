package org.dunning.plan.domain;

import java.util.List;
import java.util.UUID;

/** What happened to a plan (stream {@code plan-<id>}) or to a customer's assignment (stream {@code assignment-<customerId>}). */
public sealed interface PlanEvent {

    record PlanCreated(UUID planId, String name, String planType, List<Step> steps) implements PlanEvent {
    }

    record PlanAssigned(UUID customerId, UUID planId) implements PlanEvent {
    }
}
