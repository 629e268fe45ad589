package org.dunning.platform.domain;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a command before refusing it, so a caller learns all of them at once. */
public final class Violations {
    private final List<ValidationFailed.Violation> list = new ArrayList<>();

    public Violations check(boolean ok, String field, String message) {
        if (!ok) {
            list.add(new ValidationFailed.Violation(field, message));
        }
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationFailed(list);
        }
    }
}
