package org.dunning.platform.domain;

/** The command conflicts with the current state, e.g. a concurrent change of the same stream (409). */
public final class Conflict extends DomainException {
    public Conflict(String message) {
        super(message);
    }
}
