package org.dunning.escalation.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.LatenessEvents;
import org.dunning.escalation.domain.Firing;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A customer's lateness (R7.10): it becomes overdue when a day starts (in the tenant's zone) with an open invoice past
 * due, and is back to current when nothing is overdue any more. Each change is appended to the customer's lateness
 * stream (the outbox) and published on {@code dunning.lateness.events}. Evaluated after each invoice change and,
 * for what only time changes, at the watch time: the start of the day after the next due date.
 */
@ApplicationScoped
public class Lateness {

    private final EventStore store;
    private final RebuildState rebuild;

    public Lateness(EventStore store, RebuildState rebuild) {
        this.store = store;
        this.rebuild = rebuild;
    }

    public static String stream(UUID customerId) {
        return "lateness-" + customerId;
    }

    public Uni<Void> evaluate(Mutiny.Session s, String tenant, UUID customerId, SendSlots slots, Instant now) {
        return evaluateAll(s, tenant, List.of(customerId), slots, now);
    }

    /** What a customer's open invoices and its lateness row say, and what follows from them. */
    record Seen(UUID customerId, UUID oldest, LocalDate oldestDue, LocalDate nextDue, boolean was, long version) {

        /** The change to append (null: none), the version after it and when to look again. */
        Decided decide(LocalDate today, SendSlots slots) {
            boolean is = oldest != null;
            // a day with a due date ends: look again when the next day starts
            Instant watch = is || nextDue == null ? null : nextDue.plusDays(1).atStartOfDay(slots.zone()).toInstant();
            IntegrationEvent change = is == was ? null : is
                    ? new LatenessEvents.CustomerBecameOverdue(customerId, oldest, oldestDue, oldestDue.plusDays(1))
                    : new LatenessEvents.CustomerBackToCurrent(customerId, today);
            return new Decided(this, is, is ? oldestDue.plusDays(1) : null, change == null ? version : version + 1,
                    watch, change);
        }
    }

    record Decided(Seen seen, boolean overdue, LocalDate since, long version, Instant watch, IntegrationEvent change) {
    }

    /**
     * The lateness of many customers of a tenant, evaluated as a set: read in one query, decided in pure code,
     * written in one statement and the changes appended in one.
     */
    public Uni<Void> evaluateAll(Mutiny.Session s, String tenant, List<UUID> customers, SendSlots slots, Instant now) {
        if (rebuild.replaying() || customers.isEmpty()) {
            // a rebuild replays old facts: lateness is evaluated once when the replay is over
            return Uni.createFrom().voidItem();
        }
        LocalDate today = slots.today(now);
        return seen(s, tenant, customers, today)
                .map(all -> all.stream().map(x -> x.decide(today, slots)).toList())
                .chain(decided -> write(s, tenant, decided));
    }

    private static Uni<List<Seen>> seen(Mutiny.Session s, String tenant, List<UUID> customers, LocalDate today) {
        String open = "FROM invoices WHERE tenant_id = :t AND customer_id = k.c AND status IN ('OPEN', "
                + "'PARTIALLY_PAID') AND outstanding > 0 AND due_date ";
        return Sql.of(s, "SELECT k.c, (SELECT id " + open + "< :today ORDER BY due_date, number LIMIT 1), "
                        + "(SELECT min(due_date) " + open + "< :today), (SELECT min(due_date) " + open + ">= :today), "
                        + "l.overdue, l.version FROM (SELECT DISTINCT c FROM unnest(cast(:c as uuid[])) AS u(c)) AS k "
                        + "LEFT JOIN lateness l ON l.tenant_id = :t AND l.customer_id = k.c")
                .setParameter("t", tenant).setParameter("c", customers.toArray(UUID[]::new))
                .setParameter("today", today)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Seen(SqlValues.uuid(r[0]), SqlValues.uuid(r[1]),
                        SqlValues.date(r[2]), SqlValues.date(r[3]), r[4] != null && (Boolean) r[4],
                        r[5] == null ? 0 : ((Number) r[5]).longValue())).toList());
    }

    private Uni<Void> write(Mutiny.Session s, String tenant, List<Decided> decided) {
        List<EventStore.Pending> changes = decided.stream().filter(d -> d.change() != null)
                .map(d -> new EventStore.Pending(tenant, stream(d.seen().customerId()),
                        Envelope.key(tenant, d.seen().customerId()), d.seen().version(),
                        List.of(new NewEvent(d.change().type(), d.change())))).toList();
        return Sql.of(s, "INSERT INTO lateness (tenant_id, customer_id, overdue, since, version, watch_at) "
                        + "SELECT :t, c, o, since, v, w FROM unnest(cast(:c as uuid[]), "
                        + "cast(cast(:o as text[]) as boolean[]), cast(cast(:since as text[]) as date[]), "
                        + "cast(cast(:v as text[]) as bigint[]), cast(cast(:w as text[]) as timestamptz[])) "
                        + "AS x(c, o, since, v, w) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET overdue = "
                        + "excluded.overdue, since = CASE WHEN lateness.overdue AND excluded.overdue THEN "
                        + "lateness.since ELSE excluded.since END, version = excluded.version, watch_at = "
                        + "excluded.watch_at")
                .setParameter("t", tenant)
                .setParameter("c", SqlValues.uuids(decided, d -> d.seen().customerId()))
                .setParameter("o", SqlValues.texts(decided, Decided::overdue))
                .setParameter("since", SqlValues.texts(decided, Decided::since))
                .setParameter("v", SqlValues.texts(decided, Decided::version))
                .setParameter("w", SqlValues.texts(decided, Decided::watch))
                .executeUpdate()
                .chain(() -> store.appendAll(s, changes)).replaceWithVoid();
    }

    /** A step fired: the level the customer's escalation has reached. */
    public Uni<Void> levelReached(Mutiny.Session s, String tenant, LatenessEvents.EscalationLevelReached e) {
        return levelsReached(s, List.of(new Level(tenant, e))).chain(pending -> store.appendAll(s, pending))
                .replaceWithVoid();
    }

    /** An escalation level a customer of a tenant reached. */
    public record Level(String tenant, LatenessEvents.EscalationLevelReached event) {
    }

    /**
     * Steps fired: the levels customers reached, in order. Each customer's lateness stream gets the versions after
     * the ones it had (one statement for all); the events to append are returned, for the caller's one append.
     */
    public Uni<List<EventStore.Pending>> levelsReached(Mutiny.Session s, List<Level> levels) {
        if (levels.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        java.util.Map<Firing.CustomerKey, Integer> counts = new java.util.LinkedHashMap<>();
        levels.forEach(l -> counts.merge(new Firing.CustomerKey(l.tenant(), l.event().customerId()), 1, Integer::sum));
        List<java.util.Map.Entry<Firing.CustomerKey, Integer>> rows = List.copyOf(counts.entrySet());
        return Sql.of(s, "INSERT INTO lateness (tenant_id, customer_id, version) SELECT t, c, n FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[]), cast(cast(:n as text[]) as bigint[])) "
                        + "AS x(t, c, n) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET version = "
                        + "lateness.version + excluded.version RETURNING tenant_id, customer_id, version")
                .setParameter("t", SqlValues.texts(rows, e -> e.getKey().tenant()))
                .setParameter("c", SqlValues.uuids(rows, e -> e.getKey().customerId()))
                .setParameter("n", SqlValues.texts(rows, java.util.Map.Entry::getValue))
                .getResultList()
                .map(returned -> {
                    // the version each customer's first new event follows
                    java.util.Map<Firing.CustomerKey, Long> next = new java.util.HashMap<>();
                    for (Object[] r : returned) {
                        Firing.CustomerKey k = new Firing.CustomerKey((String) r[0], SqlValues.uuid(r[1]));
                        next.put(k, ((Number) r[2]).longValue() - counts.get(k));
                    }
                    List<EventStore.Pending> pending = new java.util.ArrayList<>();
                    for (Level l : levels) {
                        UUID customer = l.event().customerId();
                        long after = next.merge(new Firing.CustomerKey(l.tenant(), customer), 1L, Long::sum) - 1;
                        pending.add(new EventStore.Pending(l.tenant(), stream(customer), Envelope.key(l.tenant(),
                                customer), after, List.of(new NewEvent(l.event().type(), l.event()))));
                    }
                    return pending;
                });
    }

    /** The customers whose watch time has come: what time alone changed. */
    public Uni<List<Object[]>> watched(Mutiny.Session s, Instant now, int limit) {
        return Sql.of(s, "SELECT tenant_id, customer_id FROM lateness WHERE watch_at <= :now ORDER BY "
                        + "watch_at LIMIT :n FOR UPDATE SKIP LOCKED")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("n", limit).getResultList();
    }
}
