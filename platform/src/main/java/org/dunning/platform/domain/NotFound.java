package org.dunning.platform.domain;

/** Nothing of that kind with that id exists for the caller's tenant (404, whoever else may own it). */
public final class NotFound extends DomainException {
    public NotFound(String what, Object id) {
        super(what + " " + id + " not found");
    }
}
