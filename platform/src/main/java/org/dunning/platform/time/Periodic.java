package org.dunning.platform.time;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A job run every interval on a Vert.x timer, each run on a duplicated context of its own (what Hibernate Reactive's
 * sessions and the SQL client's transactions need); a run due while the one before still works is skipped, as
 * {@code @Scheduled}'s {@code ConcurrentExecution.SKIP} does. A failed run is logged and the next one tries again.
 * Not {@code @Scheduled} for jobs that run more often than once a second: Quarkus's scheduler looks at its triggers
 * once a second ({@code SimpleScheduler.CHECK_PERIOD}), so a shorter {@code every} silently runs once a second.
 */
public final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

    private final Vertx vertx;
    private final String name;
    private final Supplier<Uni<?>> job;
    private final AtomicBoolean running = new AtomicBoolean();
    private final long timer;

    private Periodic(Vertx vertx, Duration delay, Duration interval, String name, Supplier<Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.job = job;
        this.timer = vertx.setPeriodic(Math.max(1, delay.toMillis()), Math.max(1, interval.toMillis()), id -> run());
    }

    /** Runs {@code job} every {@code interval}, the first time after {@code delay}, until {@link #stop()}. */
    public static Periodic start(Vertx vertx, Duration delay, Duration interval, String name, Supplier<Uni<?>> job) {
        return new Periodic(vertx, delay, interval, name, job);
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        // a new duplicated context per run, flagged safe as Quarkus's scheduler flags its own: Hibernate Reactive
        // refuses a context it cannot tell is isolated
        io.vertx.core.Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> Uni.createFrom().deferred(job)
                .onFailure().invoke(e -> {
                    LOG.warnf("%s: %s (will retry)", name, e.toString());
                    LOG.debugf(e, "%s failed", name);
                })
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(x -> { }, e -> { }));
    }
}
