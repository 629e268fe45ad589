package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import org.dunning.contract.MalformedEventException;
import org.dunning.platform.domain.DomainException;

import java.time.Duration;

/**
 * How a consumer treats a failure: a record that cannot be read, or that the domain refuses, will never succeed and
 * goes to the dead-letter topic at once; anything else (the database restarting, a lost connection) is retried with
 * back-off before the record is given up to the dead-letter topic, so a passing outage loses nothing.
 */
public final class Retry {

    public static <T> Uni<T> transientFailures(Uni<T> work) {
        return work.onFailure(Retry::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(12);
    }

    static boolean isTransient(Throwable t) {
        return !(t instanceof MalformedEventException) && !(t instanceof DomainException)
                && !(t instanceof IllegalArgumentException);
    }

    private Retry() {
    }
}
