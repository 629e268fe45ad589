package org.dunning.insights.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Topics;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.projection.RebuildLock;
import org.dunning.platform.projection.TopicReplay;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Rebuilds the insights projection from the topics (invariant 5): empties its tables and replays the invoice, plan,
 * reminder and notification topics from the start through the batches the live consumers run (one transaction per
 * poll). Every write is keyed by what made it and the projection does not depend on the order of the topics, so the
 * result is the projection the live consumers built. From before it empties the tables until they are whole again it
 * holds {@link #LOCK}: the live consumers of every instance wait (what they take meanwhile they apply after it); a
 * second rebuild is refused.
 */
@ApplicationScoped
public class Rebuild {

    /** The advisory lock of the rebuild (exclusive) and of the live consumers' batches (shared). */
    public static final long LOCK = 0x0D0_0B0_0008L;
    /** Held by the instance that rebuilds, so that a second rebuild is refused rather than queued. */
    static final long REBUILDING = 0x0D0F_0000_0008L;
    private static final int POLL = 2000;
    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    /** The projection's tables, all of them. */
    static final List<String> TABLES = List.of("invoices", "movements", "reminders", "sendings", "plans");
    static final List<String> TOPICS = List.of(Topics.INVOICE_EVENTS, Topics.PLAN_EVENTS, Topics.REMINDER_STEPS,
            Topics.NOTIFICATION_EVENTS);

    /** What a rebuild did: topic records replayed, in how many milliseconds. */
    public record Report(long recordsReplayed, long millis) {
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final Pool pool;
    private final String bootstrapServers;

    public Rebuild(Pool pool, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.pool = pool;
        this.bootstrapServers = bootstrapServers;
    }

    /** Waits, in the caller's transaction, until no rebuild runs on any instance, and keeps one from starting. */
    public static Uni<Void> waitForRebuild(Mutiny.Session s) {
        return RebuildLock.waitForRebuild(s, LOCK);
    }

    /**
     * Runs the rebuild on the calling (worker) thread; {@code replay} is what the live consumers do with a poll, without
     * waiting for the rebuild.
     *
     * @throws org.dunning.platform.domain.Conflict when a rebuild runs already, here or on another instance
     */
    public Report run(Function<List<ConsumerRecord<String, String>>, Uni<Void>> replay) throws Throwable {
        if (!running.compareAndSet(false, true)) {
            throw new org.dunning.platform.domain.Conflict("a rebuild is running already");
        }
        long started = System.nanoTime();
        try (RebuildLock held = RebuildLock.take(pool, LOCK, REBUILDING)) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> Sql.of(s, "TRUNCATE " + String.join(", ", TABLES)).executeUpdate())));
            long replayed = 0;
            for (String topic : TOPICS) {
                replayed += TopicReplay.replay(bootstrapServers, topic, POLL, replay, n -> {
                });
            }
            VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> Sql.of(s, "ANALYZE " + String.join(", ", TABLES)).executeUpdate())));
            Report report = new Report(replayed, Duration.ofNanos(System.nanoTime() - started).toMillis());
            LOG.infof("insights rebuilt: %s", report);
            return report;
        } finally {
            running.set(false);
        }
    }
}
