package org.dunning.platform.domain;

/** The caller's If-Match names a version that is no longer current (412): reload, then retry. */
public final class PreconditionFailed extends DomainException {
    public PreconditionFailed(String what, long expected, long current) {
        super(what + " is at version " + current + ", not " + expected + ": reload it and retry");
    }
}
