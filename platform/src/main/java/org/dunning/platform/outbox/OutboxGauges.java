package org.dunning.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health of the outbox, for alerts: {@code dunning_outbox_backlog} (events committed and not yet published) and
 * {@code dunning_outbox_oldest_age_seconds} (how long the oldest of them has waited, by the service's clock; 0 when
 * none waits). A relay that keeps up shows a backlog near 0 and an age under a second; a stuck one (Kafka away, a
 * poisoned send) shows both growing. Read every {@code dunning.outbox.gauge-interval} (15 s) in one query over the
 * queue of unpublished events ({@code outbox}), not at each scrape; every replica reports the same database, so
 * alert on the maximum.
 */
@ApplicationScoped
public class OutboxGauges {

    private static final Logger LOG = Logger.getLogger(OutboxGauges.class);

    private final Pool pool;
    private final Clock clock;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    public OutboxGauges(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        Gauge.builder("dunning.outbox.backlog", backlog, AtomicLong::get)
                .description("events committed and not yet published").register(registry);
        Gauge.builder("dunning.outbox.oldest.age", oldestAgeMillis, a -> a.get() / 1000.0).baseUnit("seconds")
                .description("how long the oldest unpublished event has waited").register(registry);
    }

    @Scheduled(every = "${dunning.outbox.gauge-interval:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> read() {
        // the oldest waiting is the first queued (positions grow with time), found by the queue's primary key
        return pool.query("SELECT (SELECT count(*) FROM outbox) AS n, (SELECT e.occurred_at FROM events e WHERE "
                        + "e.position = (SELECT min(position) FROM outbox)) AS oldest")
                .execute()
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime oldest = r.getOffsetDateTime("oldest");
                    backlog.set(r.getLong("n"));
                    oldestAgeMillis.set(oldest == null ? 0
                            : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis()));
                })
                .onFailure().invoke(e -> LOG.debugf("outbox gauges not read: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
