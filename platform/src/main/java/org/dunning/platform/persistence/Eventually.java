package org.dunning.platform.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.dunning.platform.domain.DomainException;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.util.function.Function;

/**
 * For a projection that learns from a topic a moment after another service made something: a check that finds what
 * a command names missing is made again (each time in a session of its own, on the caller's Vert.x context) for a
 * short while before the command is refused with the check's problem.
 */
public final class Eventually {

    /** How long a command waits for the projection to learn an id created a moment ago. */
    public static final Duration PATIENCE = Duration.ofSeconds(3);
    private static final Duration STEP = Duration.ofMillis(250);

    /** Completes once {@code check} finds nothing wrong (returns null); fails with its last problem after PATIENCE. */
    public static Uni<Void> nothingWrong(Function<Mutiny.Session, Uni<DomainException>> check) {
        return nothingWrong(check, PATIENCE);
    }

    /** As {@link #nothingWrong(Function)}, waiting at most {@code patience} (zero: one look). */
    public static Uni<Void> nothingWrong(Function<Mutiny.Session, Uni<DomainException>> check, Duration patience) {
        return attempt(check, Vertx.currentContext(), patience.toMillis() / STEP.toMillis());
    }

    private static Uni<Void> attempt(Function<Mutiny.Session, Uni<DomainException>> check, Context context, long left) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> check.apply(s))).chain(problem -> {
            if (problem == null) {
                return Uni.createFrom().voidItem();
            }
            if (left <= 0 || context == null) {
                return Uni.createFrom().<Void>failure(problem);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(STEP)
                    .emitOn(command -> context.runOnContext(v -> command.run()))
                    .chain(() -> attempt(check, context, left - 1));
        });
    }

    private Eventually() {
    }
}
