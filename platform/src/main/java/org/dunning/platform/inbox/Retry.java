package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import org.dunning.contract.MalformedEventException;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.persistence.DatabaseErrors;

import java.time.Duration;

/**
 * How a consumer treats a failure: a record that cannot be read, or that the domain refuses, will never succeed and
 * goes to the dead-letter topic at once; anything else (the database restarting, a lost connection) is retried with
 * back-off before the record is given up to the dead-letter topic, so a passing outage loses nothing.
 */
public final class Retry {

    public static <T> Uni<T> transientFailures(Uni<T> work) {
        return refusalsNamed(work).onFailure(Retry::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(12);
    }

    /**
     * As {@link #transientFailures}, but a passing failure is retried for as long as it lasts (back-off up to 10 s):
     * while the database is away a batch waits, it is never given up to the dead-letter topic.
     */
    public static <T> Uni<T> untilDone(Uni<T> work) {
        return refusalsNamed(work).onFailure(Retry::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /** A database refusal becomes the domain's refusal naming the field (see {@link DatabaseErrors}). */
    private static <T> Uni<T> refusalsNamed(Uni<T> work) {
        return work.onFailure().transform(t -> DatabaseErrors.refusal(t).map(Throwable.class::cast).orElse(t));
    }

    /**
     * A record the database refuses for its content (a constraint, a value that does not fit) is not transient, nor
     * is a defect of the code (a null where none may be, a wrong cast): trying again cannot make either pass.
     */
    public static boolean isTransient(Throwable t) {
        return !(t instanceof MalformedEventException) && !(t instanceof DomainException)
                && !(t instanceof IllegalArgumentException) && !(t instanceof NullPointerException)
                && !(t instanceof ClassCastException) && !(t instanceof ArithmeticException)
                && !(t instanceof IndexOutOfBoundsException) && DatabaseErrors.refusal(t).isEmpty();
    }

    private Retry() {
    }
}
