package org.dunning.platform.domain;

import java.util.List;
import java.util.stream.Collectors;

/** The input breaks one or more rules; each violation names the field (422). */
public final class ValidationFailed extends DomainException {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public ValidationFailed(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static ValidationFailed of(String field, String message) {
        return new ValidationFailed(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
