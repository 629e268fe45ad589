package org.dunning.escalation.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.projection.RebuildLock;
import org.dunning.platform.projection.TopicReplay;
import io.vertx.mutiny.sqlclient.Pool;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Rebuilds escalation-service's projection (invariant 5): empties its tables, restores every decision the engine made
 * from its own event store (fired and skipped steps and checks, lateness), then replays the invoice, plan and
 * follow-up topics from the start through the batches the live consumer runs (one transaction per poll). The result
 * is the same schedule and the same record; nothing is published again. From before it empties the projection until
 * it is whole again it holds {@link RebuildState#LOCK}: the live consumers and the engine of every instance wait (what
 * they take meanwhile they apply after it, on the rebuilt projection); a second rebuild is refused.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    /** Decisions restored per statement, records replayed per poll, customers evaluated per statement. */
    private static final int PAGE = 5000;
    private static final int POLL = 2000;
    private static final int CUSTOMERS = 1000;

    /** The projection's tables; the event store (the engine's own decisions) and the outbox are kept. */
    static final List<String> TABLES = List.of("schedule", "customer_schedule", "customer_messages", "lateness",
            "credit_notes", "overview_defaults", "overview_assignments", "segment_defaults", "invoice_switches",
            "customer_switches", "tenants", "assignments", "plans", "invoices", "customers");

    /** What a rebuild did: decisions restored, topic records replayed, in all and the replay alone (milliseconds). */
    public record Report(long decisionsRestored, long recordsReplayed, long millis, long replayMillis) {
    }

    private final RebuildState state;
    private final Lateness lateness;
    private final Projection projection;
    private final Pool pool;
    private final String bootstrapServers;

    public Rebuild(RebuildState state, Projection projection, Lateness lateness, Pool pool,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.state = state;
        this.projection = projection;
        this.lateness = lateness;
        this.pool = pool;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Runs the rebuild on the calling (worker) thread. {@code consumer} is what the projection consumer does with a
     * poll of records, transaction and inbox included; {@code consumerName} its inbox name; {@code defaults} the send
     * slots of a tenant without settings.
     */
    public Report run(String consumerName, Function<List<ConsumerRecord<String, String>>, Uni<Void>> consumer,
                      SendSlots defaults, Instant now) throws Throwable {
        AtomicBoolean running = state.running;
        if (!running.compareAndSet(false, true)) {
            throw new org.dunning.platform.domain.Conflict("a rebuild is running already");
        }
        long started = System.nanoTime();
        try (RebuildLock held = RebuildLock.take(pool, RebuildState.LOCK, RebuildState.REBUILDING)) {
            // the consumers and the engine wait on the lock: nobody decides on the projection while it is partial
            empty(consumerName);
            long restored = restoreDecisions();
            analyze();
            long replayed = 0;
            long replayStarted = System.nanoTime();
            state.replaying.set(true);
            try {
                long[] counted = {0, POLL};
                for (String topic : List.of(Topics.INVOICE_EVENTS, Topics.PLAN_EVENTS, Topics.FOLLOWUP_EVENTS)) {
                    replay(topic, consumer, counted);
                }
                replayed = counted[0];
            } finally {
                state.replaying.set(false);
            }
            long replayMillis = Duration.ofNanos(System.nanoTime() - replayStarted).toMillis();
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> Panache.getSession().chain(s -> afterReplay(s, defaults))));
            evaluateLateness(defaults, now);
            Report report = new Report(restored, replayed, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    replayMillis);
            LOG.infof("projection rebuilt: %s", report);
            return report;
        } finally {
            running.set(false);
        }
    }

    /**
     * Empties the projection and the consumer's inbox. TRUNCATE takes each table's lock in turn; a statement that
     * takes no part in the rebuild's lock (a gauge, a query by hand, another instance's look for due work) can hold
     * one of them while it waits for another, and PostgreSQL then ends one side as a deadlock's victim: when that is
     * the TRUNCATE, it runs again in a new transaction (a deadlock is over once its victim is gone), up to five times.
     */
    private static void empty(String consumerName) throws Throwable {
        for (int attempt = 1; ; attempt++) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> Sql.of(s, "TRUNCATE " + String.join(", ", TABLES)).executeUpdate()
                                .chain(() -> Sql.of(s, "DELETE FROM processed_events WHERE consumer = :c")
                                        .setParameter("c", consumerName).executeUpdate()))));
                return;
            } catch (Throwable e) {
                if (attempt == 5 || !org.dunning.platform.persistence.DatabaseErrors.deadlock(e)) {
                    throw e;
                }
                LOG.warnf("the rebuild's TRUNCATE was a deadlock's victim; again (attempt %d)", attempt + 1);
            }
        }
    }

    /**
     * What the replay cannot give: the plan order of restored steps and the day of each customer's last automatic
     * message (in its tenant's zone), each in one statement.
     */
    private static Uni<Void> afterReplay(Mutiny.Session s, SendSlots defaults) {
        return Sql.of(s, "UPDATE schedule sc SET step_order = coalesce((SELECT o.ordinality - 1 FROM plans p, "
                        + "jsonb_array_elements(cast(p.steps as jsonb)) WITH ORDINALITY o(step, ordinality) WHERE "
                        + "p.tenant_id = sc.tenant_id AND p.id = sc.plan_id AND o.step ->> 'stepId' = "
                        + "cast(sc.step_id as text)), 0) WHERE sc.step_order < 0")
                .executeUpdate()
                .chain(() -> Sql.of(s, "INSERT INTO customer_messages (tenant_id, customer_id, last_sent) "
                                + "SELECT e.tenant_id, cast(e.data -> 'customer' ->> 'customerId' as uuid), "
                                + "max(cast(cast(e.data ->> 'firedAt' as timestamptz) AT TIME ZONE "
                                + "coalesce(cast(t.settings as jsonb) ->> 'timeZone', :zone) as date)) FROM events e "
                                + "LEFT JOIN tenants t ON t.tenant_id = e.tenant_id WHERE e.type = 'ReminderStepDue' "
                                + "AND e.data ->> 'action' IN ('AUTO_EMAIL', 'SMS') GROUP BY 1, 2 ON CONFLICT (tenant_id, "
                                + "customer_id) DO UPDATE SET last_sent = GREATEST(customer_messages.last_sent, "
                                + "excluded.last_sent)")
                        .setParameter("zone", defaults.zone().getId()).executeUpdate())
                .replaceWithVoid();
    }

    /** Each customer's lateness now (which publishes only a real change), a set of customers per transaction. */
    private void evaluateLateness(SendSlots defaults, Instant now) throws Throwable {
        List<Object[]> customers = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                Panache.getSession().chain(s -> Sql.of(s, "SELECT tenant_id, id FROM customers ORDER BY "
                        + "tenant_id, id").getResultList())));
        Map<String, List<UUID>> byTenant = new java.util.LinkedHashMap<>();
        customers.forEach(r -> byTenant.computeIfAbsent((String) r[0], t -> new ArrayList<>()).add((UUID) r[1]));
        for (Map.Entry<String, List<UUID>> tenant : byTenant.entrySet()) {
            List<UUID> ids = tenant.getValue();
            for (int from = 0; from < ids.size(); from += CUSTOMERS) {
                List<UUID> part = ids.subList(from, Math.min(ids.size(), from + CUSTOMERS));
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> projection.slots(s, tenant.getKey(), defaults)
                                .chain(slots -> lateness.evaluateAll(s, tenant.getKey(), part, slots, now)))));
            }
        }
    }

    /**
     * Every decision of the engine, from its own event store, back into the schedule tables: a page of events per
     * transaction, each written in a few statements (a page is let go before the next is read).
     */
    private static long restoreDecisions() throws Throwable {
        long after = 0;
        long restored = 0;
        while (true) {
            long from = after;
            long[] page = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> restorePage(s, from))));
            restored += page[0];
            if (page[0] < PAGE) {
                return restored;
            }
            after = page[1];
        }
    }

    /** One page of decisions after position {@code after}: how many, and the position of the last. */
    private static Uni<long[]> restorePage(Mutiny.Session s, long after) {
        return Sql.of(s, "SELECT position, tenant_id, stream_id, version, type, data::text FROM events WHERE "
                        + "type IN ('ReminderStepDue', 'ReminderStepSkipped', 'CustomerBecameOverdue', "
                        + "'CustomerBackToCurrent', 'EscalationLevelReached') AND position > :after ORDER BY position "
                        + "LIMIT :n")
                .setParameter("after", after).setParameter("n", PAGE)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(new long[]{0, after});
                    }
                    Restored page = new Restored();
                    rows.forEach(r -> page.add((String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                            EventCodec.decode((String) r[4], (String) r[5])));
                    long last = ((Number) rows.get(rows.size() - 1)[0]).longValue();
                    return page.write(s).replaceWith(new long[]{rows.size(), last});
                });
    }

    /** The rows one page of decisions restores. */
    private static final class Restored {

        record Decided(String key, String tenant, PlanEvents.PlanType type, UUID customer, UUID invoice, UUID plan,
                       UUID step, LocalDate day, String status, String reason, Instant at) {
        }

        /** A customer's lateness stream as far as the page goes: its version, and its state if the page changed it. */
        record Late(String tenant, UUID customer, long version, Boolean overdue, LocalDate since) {
        }

        final List<Decided> perInvoice = new ArrayList<>();
        final List<Decided> checks = new ArrayList<>();
        final Map<String, Late> lateness = new java.util.LinkedHashMap<>();

        void add(String tenant, String stream, long version, IntegrationEvent e) {
            if (e instanceof ReminderEvents.ReminderStepDue d) {
                decided(new Decided(d.reminderKey(), tenant, d.planType(), d.customer().customerId(),
                        d.invoices().isEmpty() ? null : d.invoices().get(0).invoiceId(), d.planId(), d.stepId(),
                        d.fireDate(), "FIRED", null, micros(d.firedAt())));
            } else if (e instanceof ReminderEvents.ReminderStepSkipped d) {
                decided(new Decided(d.reminderKey(), tenant, d.planType(), d.customerId(), d.invoiceId(), d.planId(),
                        d.stepId(), d.fireDate() != null ? d.fireDate()
                        : d.skippedAt().atZone(ZoneOffset.UTC).toLocalDate(), "SKIPPED", d.reason(), micros(d.skippedAt())));
            } else {
                UUID customer = UUID.fromString(stream.substring("lateness-".length()));
                Late before = lateness.get(tenant + "/" + customer);
                Boolean overdue = before == null ? null : before.overdue();
                LocalDate since = before == null ? null : before.since();
                if (e instanceof LatenessEvents.CustomerBecameOverdue b) {
                    overdue = true;
                    since = b.since();
                } else if (e instanceof LatenessEvents.CustomerBackToCurrent) {
                    overdue = false;
                    since = null;
                }
                lateness.put(tenant + "/" + customer, new Late(tenant, customer, version, overdue, since));
            }
        }

        /** As the engine stored it: PostgreSQL keeps microseconds, and a bound timestamp is cut, not rounded. */
        private static Instant micros(Instant at) {
            return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        }

        private void decided(Decided d) {
            boolean perInvoiceStep = d.type() == null || d.type() == PlanEvents.PlanType.ESCALATION_PER_INVOICE;
            (perInvoiceStep ? perInvoice : checks).add(d);
        }

        Uni<Void> write(Mutiny.Session s) {
            return insertSteps(s).chain(() -> insertChecks(s)).chain(() -> upsertLateness(s));
        }

        private Uni<Void> insertSteps(Mutiny.Session s) {
            if (perInvoice.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Sql.of(s, "INSERT INTO schedule (reminder_key, tenant_id, invoice_id, customer_id, "
                            + "plan_id, step_id, step_order, fire_date, fire_at, status, reason, decided_at) SELECT k, t, "
                            + "i, c, p, st, -1, d, a, s, r, a FROM unnest(cast(:k as text[]), cast(:t as text[]), "
                            + "cast(:i as uuid[]), cast(:c as uuid[]), cast(:p as uuid[]), cast(:st as uuid[]), "
                            + "cast(cast(:d as text[]) as date[]), cast(cast(:a as text[]) as timestamptz[]), "
                            + "cast(:s as text[]), cast(:r as text[])) AS x(k, t, i, c, p, st, d, a, s, r) "
                            + "ON CONFLICT (reminder_key) DO NOTHING")
                    .setParameter("k", SqlValues.texts(perInvoice, Decided::key))
                    .setParameter("t", SqlValues.texts(perInvoice, Decided::tenant))
                    .setParameter("i", SqlValues.uuids(perInvoice, Decided::invoice))
                    .setParameter("c", SqlValues.uuids(perInvoice, Decided::customer))
                    .setParameter("p", SqlValues.uuids(perInvoice, Decided::plan))
                    .setParameter("st", SqlValues.uuids(perInvoice, Decided::step))
                    .setParameter("d", SqlValues.texts(perInvoice, Decided::day))
                    .setParameter("a", SqlValues.texts(perInvoice, Decided::at))
                    .setParameter("s", SqlValues.texts(perInvoice, Decided::status))
                    .setParameter("r", SqlValues.texts(perInvoice, Decided::reason))
                    .executeUpdate().replaceWithVoid();
        }

        private Uni<Void> insertChecks(Mutiny.Session s) {
            if (checks.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // an overview has no levels: its event names the plan as its step, its record names none
            return Sql.of(s, "INSERT INTO customer_schedule (reminder_key, tenant_id, customer_id, plan_id, "
                            + "plan_type, check_date, fire_at, status, step_id, reason, decided_at) SELECT k, t, c, p, "
                            + "ty, d, a, s, st, r, a FROM unnest(cast(:k as text[]), cast(:t as text[]), "
                            + "cast(:c as uuid[]), cast(:p as uuid[]), cast(:ty as text[]), "
                            + "cast(cast(:d as text[]) as date[]), cast(cast(:a as text[]) as timestamptz[]), "
                            + "cast(:s as text[]), cast(:st as uuid[]), cast(:r as text[])) AS x(k, t, c, p, ty, d, a, "
                            + "s, st, r) ON CONFLICT (reminder_key) DO NOTHING")
                    .setParameter("k", SqlValues.texts(checks, Decided::key))
                    .setParameter("t", SqlValues.texts(checks, Decided::tenant))
                    .setParameter("c", SqlValues.uuids(checks, Decided::customer))
                    .setParameter("p", SqlValues.uuids(checks, Decided::plan))
                    .setParameter("ty", SqlValues.texts(checks, Decided::type))
                    .setParameter("d", SqlValues.texts(checks, Decided::day))
                    .setParameter("a", SqlValues.texts(checks, Decided::at))
                    .setParameter("s", SqlValues.texts(checks, Decided::status))
                    .setParameter("st", SqlValues.uuids(checks, d -> d.type() == PlanEvents.PlanType.RECURRING_OVERVIEW
                            ? null : d.step()))
                    .setParameter("r", SqlValues.texts(checks, Decided::reason))
                    .executeUpdate().replaceWithVoid();
        }

        /** Every customer's version, then the state of those whose state the page changed. */
        private Uni<Void> upsertLateness(Mutiny.Session s) {
            if (lateness.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Late> all = List.copyOf(lateness.values());
            List<Late> changed = all.stream().filter(l -> l.overdue() != null).toList();
            return Sql.of(s, "INSERT INTO lateness (tenant_id, customer_id, overdue, version) SELECT t, c, "
                            + "false, v FROM unnest(cast(:t as text[]), cast(:c as uuid[]), "
                            + "cast(cast(:v as text[]) as bigint[])) AS x(t, c, v) ON CONFLICT (tenant_id, customer_id) "
                            + "DO UPDATE SET version = excluded.version")
                    .setParameter("t", SqlValues.texts(all, Late::tenant))
                    .setParameter("c", SqlValues.uuids(all, Late::customer))
                    .setParameter("v", SqlValues.texts(all, Late::version))
                    .executeUpdate()
                    .chain(() -> changed.isEmpty() ? Uni.createFrom().item(0) : Sql.of(s, "UPDATE lateness "
                                    + "l SET overdue = x.o, since = x.since FROM unnest(cast(:t as text[]), "
                                    + "cast(:c as uuid[]), cast(cast(:o as text[]) as boolean[]), "
                                    + "cast(cast(:since as text[]) as date[])) AS x(t, c, o, since) WHERE "
                                    + "l.tenant_id = x.t AND l.customer_id = x.c")
                            .setParameter("t", SqlValues.texts(changed, Late::tenant))
                            .setParameter("c", SqlValues.uuids(changed, Late::customer))
                            .setParameter("o", SqlValues.texts(changed, Late::overdue))
                            .setParameter("since", SqlValues.texts(changed, Late::since))
                            .executeUpdate())
                    .replaceWithVoid();
        }
    }

    /**
     * The projection's statistics anew. The tables were emptied and are filled in bulk: until autovacuum comes round
     * the planner plans with the statistics of the tables as they were (in EngineBench, after 221,000 restored
     * decisions, the replay ran at 824 records/s; analyzed, at 5,018), so the rebuild analyzes them after the restore
     * and whenever the replay has doubled the records since the last time (a few times per rebuild).
     */
    private static void analyze() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> Sql.of(s, "ANALYZE " + String.join(", ", TABLES)).executeUpdate())));
    }

    /**
     * Every record of the topic, from the start to its end at the time of the call, a poll per transaction;
     * {@code counted} holds the records replayed so far and the count at which to analyze next.
     */
    private void replay(String topic, Function<List<ConsumerRecord<String, String>>, Uni<Void>> consumer,
                        long[] counted) throws Throwable {
        long before = counted[0];
        TopicReplay.replay(bootstrapServers, topic, POLL, consumer, replayed -> {
            counted[0] = before + replayed;
            if (counted[0] >= counted[1]) {
                try {
                    analyze();
                } catch (Throwable e) {
                    throw new IllegalStateException("the projection's tables could not be analyzed", e);
                }
                counted[1] = 2 * counted[0];
            }
        });
    }
}
