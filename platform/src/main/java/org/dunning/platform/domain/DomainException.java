package org.dunning.platform.domain;

/** A command the domain refuses. Framework-free: REST maps it to problem+json. */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
