package org.dunning.plan.domain;

import java.util.UUID;

/** One rule of an escalation plan: when (trigger) and what (action). {@code stepId} is stable across versions. */
public record Step(UUID stepId, String name, Trigger trigger, Action action, String templateKey) {

    public enum Reference { DUE_DATE, ISSUE_DATE }

    public enum Direction { BEFORE, AFTER }

    public enum Action { AUTO_EMAIL, CALL }

    public record Trigger(Reference reference, Direction direction, Integer days) {
    }
}
