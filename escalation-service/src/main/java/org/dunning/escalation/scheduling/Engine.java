package org.dunning.escalation.scheduling;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.escalation.domain.Activation;
import org.dunning.escalation.domain.CustomerFacts;
import org.dunning.escalation.domain.Firing;
import org.dunning.escalation.domain.MinimumAmounts;
import org.dunning.escalation.domain.PlanFacts;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.escalation.projection.Lateness;
import org.dunning.escalation.projection.Projection;
import org.dunning.escalation.projection.RebuildState;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.time.Periodic;
import org.hibernate.reactive.mutiny.Mutiny;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Fires the steps that are due, batch after batch. A batch claims customers with due steps: one statement picks the
 * customers of the oldest due rows no other instance holds ({@code FOR UPDATE SKIP LOCKED}), then the batch's
 * transaction takes a per-customer advisory lock on each it can get (another instance's customers are passed over,
 * never waited for) and locks all their due rows. Everything the batch needs is then loaded in a few set queries,
 * decided in pure code ({@link Firing}: the re-check, catch-up, the minimum gap) and written in a few statements: the
 * statuses, the postponements, the customers' escalation levels, the events (one append: {@code ReminderStepDue} and
 * {@code ReminderStepSkipped} streams are their reminder keys at version 1, so a reminder can never be appended
 * twice) and the days of the automatic messages. The same customers' due checks of group plans and overviews follow
 * in the same transaction ({@link CheckEngine}). Holding a customer is what keeps the minimum gap across plans and
 * instances: two instances share the due work and never decide one customer's steps at the same time.
 */
@ApplicationScoped
public class Engine {

    /** The first key of the per-customer advisory locks (the second is a hash of tenant and customer). */
    private static final int CUSTOMER_LOCKS = 0x0D0E;
    /** At most so many batches in one tick (each batch fires or decides something, so the loop ends anyway). */
    private static final int MAX_BATCHES = 10_000;

    private final Projection projection;
    private final EventStore store;
    private final Clock clock;
    private final ScheduleConfig config;

    private final CheckEngine checks;
    private final Lateness lateness;
    private final RebuildState rebuild;

    private final MeterRegistry meters;
    private final Pool pool;
    private final io.opentelemetry.api.trace.Tracer tracer;
    private final io.vertx.core.Vertx vertx;
    private volatile Periodic ticks;

    public Engine(Projection projection, CheckEngine checks, Lateness lateness, RebuildState rebuild,
                  EventStore store, Clock clock, ScheduleConfig config, MeterRegistry meters, Pool pool,
                  org.dunning.platform.metrics.Meters business, io.opentelemetry.api.trace.Tracer tracer,
                  io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.tracer = tracer;
        this.meters = meters;
        business.declarePublished("ReminderStepDue", "ReminderStepSkipped");
        this.pool = pool;
        this.rebuild = rebuild;
        this.checks = checks;
        this.lateness = lateness;
        this.projection = projection;
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /** The send slots of a tenant that has no settings yet (the plan-service defaults, unless configured). */
    public SendSlots defaultSlots() {
        return SendSlots.of(config.zone(), config.weekdaySendTime());
    }

    /**
     * Ticks every {@code dunning.schedule.tick-interval} from two seconds after the start, one tick at a time on each
     * instance ({@link Periodic}; Quarkus's scheduler would tick once a second whatever the interval).
     */
    void start(@Observes StartupEvent started) {
        ticks = Periodic.start(vertx, Duration.ofSeconds(2), config.tickInterval(), "tick", this::tick);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (ticks != null) {
            ticks.stop();
        }
    }

    /** One tick at the clock's now: batches until nothing due is left that is free; returns how many fired. */
    public Uni<Integer> tick() {
        if (rebuild.running()) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        Timer.Sample sample = Timer.start(meters);
        // the first look also says whether a lateness watch came due: a tick with nothing to do is one statement
        return timed(sample, candidates(now, true)
                .chain(first -> (!first.latenessDue() ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> Panache.getSession().chain(s -> watchLateness(s, now))))
                        .chain(() -> batches(now, first.customers()))));
    }

    /**
     * Batch after batch, iteratively (a chain nested once per batch would keep every batch's values until the tick
     * ends): each holds the customers the look before it found, then looks again, until a look finds nothing free.
     */
    private Uni<Integer> batches(Instant now, List<Firing.CustomerKey> first) {
        java.util.concurrent.atomic.AtomicReference<List<Firing.CustomerKey>> next =
                new java.util.concurrent.atomic.AtomicReference<>(first);
        java.util.concurrent.atomic.AtomicInteger fired = new java.util.concurrent.atomic.AtomicInteger();
        return io.smallrye.mutiny.Multi.createBy().repeating().uni(() -> next.get().isEmpty()
                        ? Uni.createFrom().item(new Batch(0, 0))
                        : Panache.withTransaction(() -> Panache.getSession().chain(s -> batch(s, next.get(), now)))
                        .invoke(b -> {
                            // counted as each batch commits, so the meter follows a long tick
                            meters.counter("dunning.escalation.fired").increment(b.fired());
                            fired.addAndGet(b.fired());
                        })
                        // nothing held (all of it held by another instance): the next tick looks again
                        .call(b -> b.customers() == 0 ? Uni.createFrom().voidItem()
                                : candidates(now, false).invoke(c -> next.set(c.customers())).replaceWithVoid()))
                .until(b -> b.customers() == 0)
                .select().first(MAX_BATCHES)
                .collect().last().map(last -> fired.get());
    }

    /** What a batch did: the customers it held and the steps and checks that fired. */
    private record Batch(int customers, int fired) {
    }

    /** Each tick's duration, for the metrics (and the engine benchmark). */
    private Uni<Integer> timed(Timer.Sample sample, Uni<Integer> tick) {
        return tick.onItemOrFailure().invoke((fired, failure) ->
                sample.stop(meters.timer("dunning.escalation.tick", "outcome", failure == null ? "ok" : "failed")));
    }

    /**
     * What time alone changes: customers whose invoices fell due since (R7.10). Not while a rebuild runs (the
     * projection is partial): the rebuild's lock, taken shared first, also keeps one from starting until this ends, so
     * that its TRUNCATE never waits for rows this holds while this waits for a table it has emptied (a deadlock).
     */
    private Uni<Void> watchLateness(Mutiny.Session s, Instant now) {
        return Sql.of(s, "SELECT " + RebuildState.noRebuild()).single()
                .chain(free -> !(Boolean) free ? Uni.createFrom().voidItem()
                        : lateness.watched(s, now, config.batchSize()).chain(rows -> Projection.sequentially(rows, r ->
                        projection.slots(s, (String) r[0], defaultSlots()).chain(slots ->
                                lateness.evaluate(s, (String) r[0], (UUID) r[1], slots, now)))));
    }

    /** What a look at the due work found: the candidate customers, and whether a lateness watch came due. */
    private record Look(List<Firing.CustomerKey> customers, boolean latenessDue) {
    }

    /**
     * The customers of the oldest due steps and checks that no other instance is deciding (it holds their rows
     * locked, so they are skipped), and, if asked, whether a customer's lateness watch time has come (R7.10). One
     * statement on its own, so the locks it takes end with it.
     */
    private Uni<Look> candidates(Instant now, boolean withLateness) {
        return pool.preparedQuery("WITH a AS (SELECT tenant_id, customer_id FROM schedule WHERE status = 'PENDING' "
                        + "AND fire_at <= $1 ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED), b AS (SELECT "
                        + "tenant_id, customer_id FROM customer_schedule WHERE status = 'PENDING' AND fire_at <= $1 "
                        + "ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED), c AS (SELECT tenant_id, customer_id "
                        + "FROM a UNION SELECT tenant_id, customer_id FROM b) SELECT tenant_id, customer_id, NULL FROM "
                        + "c UNION ALL SELECT NULL, NULL, true WHERE $3 AND EXISTS (SELECT 1 FROM lateness WHERE "
                        + "watch_at <= $1)")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), config.batchSize(), withLateness))
                .map(rows -> {
                    List<Firing.CustomerKey> found = new ArrayList<>();
                    boolean lateness = false;
                    for (var r : rows) {
                        if (r.getString(0) == null) {
                            lateness = true;
                        } else {
                            found.add(new Firing.CustomerKey(r.getString(0), r.getUUID(1)));
                        }
                    }
                    return new Look(found, lateness);
                });
    }

    /** One batch: hold what can be held, load, decide, write. */
    private Uni<Batch> batch(Mutiny.Session s, List<Firing.CustomerKey> candidates, Instant now) {
        return hold(s, candidates).chain(held -> held.isEmpty() ? Uni.createFrom().item(new Batch(0, 0))
                : due(s, held, now).map(due -> Firing.share(due, config.maxStepsPerBatch())).chain(share -> {
                    // the customers whose steps wait for the next batch wait whole: their checks too
                    List<Firing.CustomerKey> decided = share.deferred().isEmpty() ? held
                            : held.stream().filter(c -> !share.deferred().contains(c)).toList();
                    return fireSteps(s, share.now(), now).chain(fired -> checks.fireDue(s, decided, now,
                            defaultSlots()).map(m -> new Batch(held.size(), fired + m)));
                }));
    }

    /**
     * The candidates whose per-customer lock this transaction gets (until it ends); the others are passed over. None
     * while a rebuild runs on any instance ({@link RebuildState#LOCK}).
     */
    private static Uni<List<Firing.CustomerKey>> hold(Mutiny.Session s, List<Firing.CustomerKey> candidates) {
        return Sql.of(s, "SELECT t, c FROM unnest(cast(:t as text[]), cast(:c as uuid[])) AS k(t, c) WHERE "
                        + RebuildState.noRebuild() + " AND pg_try_advisory_xact_lock(" + CUSTOMER_LOCKS
                        + ", hashtext(t || '/' || c))")
                .setParameter("t", SqlValues.texts(candidates, Firing.CustomerKey::tenant))
                .setParameter("c", SqlValues.uuids(candidates, Firing.CustomerKey::customerId))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Firing.CustomerKey((String) r[0], SqlValues.uuid(r[1])))
                        .toList());
    }

    /** Every due step of the customers held, locked, oldest first. */
    private static Uni<List<Firing.Due>> due(Mutiny.Session s, List<Firing.CustomerKey> held, Instant now) {
        return Sql.of(s, "SELECT sc.reminder_key, sc.tenant_id, sc.invoice_id, sc.customer_id, sc.plan_id, "
                        + "sc.step_id, sc.step_order, sc.fire_date FROM schedule sc JOIN unnest(cast(:t as text[]), "
                        + "cast(:c as uuid[])) AS k(t, c) ON sc.tenant_id = k.t AND sc.customer_id = k.c WHERE "
                        + "sc.status = 'PENDING' AND sc.fire_at <= :now ORDER BY sc.fire_at, sc.reminder_key "
                        + "FOR UPDATE OF sc")
                .setParameter("t", SqlValues.texts(held, Firing.CustomerKey::tenant))
                .setParameter("c", SqlValues.uuids(held, Firing.CustomerKey::customerId))
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Firing.Due((String) r[0], (String) r[1], SqlValues.uuid(r[2]),
                        SqlValues.uuid(r[3]), SqlValues.uuid(r[4]), SqlValues.uuid(r[5]), ((Number) r[6]).intValue(),
                        SqlValues.date(r[7]))).toList());
    }

    /** Everything the decision needs of the batch's invoices, customers and tenants, filled by {@link #load}. */
    private static final class Loaded {
        final Map<String, Projection.Owned> invoices = new HashMap<>();
        Map<UUID, Activation> activations;
        Map<UUID, UUID> assigned;
        Map<UUID, PlanFacts> plans;
        Map<Firing.CustomerKey, CustomerFacts> customers;
        final Map<String, Firing.Tenant> tenants = new HashMap<>();
        Map<Firing.CustomerKey, LocalDate> lastSent = Map.of();
        Map<String, List<UUID>> fired = Map.of();

        Firing.Facts facts(Firing.Due d) {
            Projection.Owned owned = invoices.get(d.tenant() + "/" + d.invoiceId());
            if (owned == null) {
                return new Firing.Facts(null, null, null, null, null);
            }
            UUID assignedPlan = assigned.get(owned.invoice().customerId());
            return new Firing.Facts(owned.invoice(), activations.get(d.invoiceId()), assignedPlan,
                    assignedPlan == null ? null : plans.get(assignedPlan),
                    customers.get(d.customer()),
                    fired.get(d.tenant() + "/" + d.invoiceId()));
        }
    }

    /** The per-invoice steps of the batch: loaded, decided, written. */
    private Uni<Integer> fireSteps(Mutiny.Session s, List<Firing.Due> due, Instant now) {
        if (due.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return load(s, due).chain(loaded -> {
            Firing.Decided decided = Firing.decide(due, loaded::facts, loaded.tenants::get, loaded.lastSent, now);
            return write(s, decided, now).replaceWith(
                    (int) decided.outcomes().stream().filter(o -> o instanceof Firing.Fired).count());
        });
    }

    private Uni<Loaded> load(Mutiny.Session s, List<Firing.Due> due) {
        Loaded l = new Loaded();
        List<Firing.CustomerKey> customers = due.stream()
                .map(Firing.Due::customer).distinct().toList();
        Set<String> tenants = new HashSet<>(due.stream().map(Firing.Due::tenant).toList());
        return projection.invoices(s, due.stream().map(Firing.Due::tenant).toList(),
                        due.stream().map(Firing.Due::invoiceId).toList())
                .invoke(owned -> owned.forEach(o -> l.invoices.put(o.tenant() + "/" + o.invoice().invoiceId(), o)))
                .chain(owned -> Projection.activations(s, owned).invoke(found -> l.activations = found)
                        .chain(() -> Projection.assignedPlans(s, owned)).invoke(found -> l.assigned = found)
                        .chain(() -> Projection.plans(s, owned, l.assigned)).invoke(found -> l.plans = found))
                .chain(() -> projection.customers(s, customers.stream().map(Firing.CustomerKey::tenant).toList(),
                        customers.stream().map(Firing.CustomerKey::customerId).toList()))
                .invoke(found -> l.customers = found)
                .chain(() -> projection.settings(s, tenants))
                .invoke(settings -> tenants.forEach(t -> l.tenants.put(t, Optional.ofNullable(settings.get(t))
                        .map(e -> new Firing.Tenant(Projection.slotsOf(e), e.minimumGapDays(),
                                new MinimumAmounts(e.minimumAmounts())))
                        .orElseGet(() -> new Firing.Tenant(defaultSlots(), 0)))))
                .chain(() -> l.plans.values().stream().anyMatch(p -> p.maxAutomaticReminders() != null)
                        ? Projection.firedSteps(s, due.stream().map(Firing.Due::tenant).toList(),
                                due.stream().map(Firing.Due::invoiceId).toList()).invoke(found -> l.fired = found)
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> l.tenants.values().stream().anyMatch(t -> t.gapDays() > 0)
                        ? projection.lastMessages(s, customers).invoke(found -> l.lastSent = found).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .replaceWith(l);
    }

    /** The batch's outcome in a few statements: statuses, postponements, escalation levels, events, message days. */
    private Uni<Void> write(Mutiny.Session s, Firing.Decided decided, Instant now) {
        List<Firing.Outcome> decidedNow = decided.outcomes().stream()
                .filter(o -> !(o instanceof Firing.Postponed)).toList();
        List<Firing.Postponed> postponed = decided.outcomes().stream()
                .filter(o -> o instanceof Firing.Postponed).map(o -> (Firing.Postponed) o).toList();
        List<Lateness.Level> levels = decided.outcomes().stream()
                .filter(o -> o instanceof Firing.Fired).map(o -> (Firing.Fired) o)
                .map(f -> new Lateness.Level(f.due().tenant(), f.level())).toList();
        // the reminders of a batch begin a trace: their e-mails, tasks and letters continue it downstream
        io.opentelemetry.api.trace.Span span = decidedNow.isEmpty() ? io.opentelemetry.api.trace.Span.getInvalid()
                : tracer.spanBuilder("fire reminders").setAttribute("dunning.reminders", decidedNow.size()).startSpan();
        String trace = org.dunning.platform.tracing.Traces.of(span);
        return mark(s, decidedNow, now)
                .chain(() -> postpone(s, postponed))
                .chain(() -> lateness.levelsReached(s, levels))
                .chain(levelEvents -> store.appendAll(s, events(decidedNow, levelEvents, trace)))
                .chain(() -> projection.messagesSent(s, decided.messagesSent()))
                .onTermination().invoke(span::end);
    }

    /** The events to append in the order decided: each fired step's reminder followed by the level it reached. */
    private static List<EventStore.Pending> events(List<Firing.Outcome> decided, List<EventStore.Pending> levels,
                                                   String trace) {
        List<EventStore.Pending> out = new ArrayList<>();
        int level = 0;
        for (Firing.Outcome o : decided) {
            Firing.Due d = o.due();
            IntegrationEvent event = o instanceof Firing.Fired f ? f.event() : ((Firing.Skipped) o).event();
            out.add(new EventStore.Pending(d.tenant(), d.key(), Envelope.key(d.tenant(), d.customerId()), 0,
                    List.of(new NewEvent(event.type(), event, trace))));
            if (o instanceof Firing.Fired) {
                out.add(levels.get(level++));
            }
        }
        return out;
    }

    /** Fired and skipped steps get their status; a decided step keeps when it was decided as its time. */
    private static Uni<Void> mark(Mutiny.Session s, List<Firing.Outcome> decided, Instant now) {
        if (decided.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "UPDATE schedule sc SET status = x.st, reason = x.r, decided_at = :at, fire_at = :at "
                        + "FROM unnest(cast(:k as text[]), cast(:st as text[]), cast(:r as text[])) AS x(k, st, r) "
                        + "WHERE sc.reminder_key = x.k AND sc.status = 'PENDING'")
                .setParameter("k", SqlValues.texts(decided, o -> o.due().key()))
                .setParameter("st", SqlValues.texts(decided, o -> o instanceof Firing.Fired ? "FIRED" : "SKIPPED"))
                .setParameter("r", SqlValues.texts(decided, o -> o instanceof Firing.Skipped k ? k.event().reason()
                        : null))
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .invoke(n -> {
                    if (n != decided.size()) {
                        // the rows are locked by this transaction: another writer deciding them is a defect
                        throw new IllegalStateException((decided.size() - n) + " of " + decided.size()
                                + " due steps were decided concurrently");
                    }
                }).replaceWithVoid();
    }

    /** R7.6: steps held by the minimum gap wait for the slot at its end; they are not dropped. */
    private static Uni<Void> postpone(Mutiny.Session s, List<Firing.Postponed> postponed) {
        if (postponed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "UPDATE schedule sc SET fire_at = x.at FROM unnest(cast(:k as text[]), "
                        + "cast(cast(:at as text[]) as timestamptz[])) AS x(k, at) WHERE sc.reminder_key = x.k "
                        + "AND sc.status = 'PENDING'")
                .setParameter("k", SqlValues.texts(postponed, p -> p.due().key()))
                .setParameter("at", SqlValues.texts(postponed, Firing.Postponed::until))
                .executeUpdate().replaceWithVoid();
    }
}
