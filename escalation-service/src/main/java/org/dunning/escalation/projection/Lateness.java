package org.dunning.escalation.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.LatenessEvents;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
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
        if (rebuild.replaying()) {
            // a rebuild replays old facts: lateness is evaluated once when the replay is over
            return Uni.createFrom().voidItem();
        }
        LocalDate today = slots.today(now);
        return s.createNativeQuery("SELECT (SELECT id FROM invoices WHERE tenant_id = :t AND customer_id = :c AND "
                        + "status IN ('OPEN', 'PARTIALLY_PAID') AND outstanding > 0 AND due_date < :today ORDER BY "
                        + "due_date, number LIMIT 1), (SELECT min(due_date) FROM invoices WHERE tenant_id = :t AND "
                        + "customer_id = :c AND status IN ('OPEN', 'PARTIALLY_PAID') AND outstanding > 0 AND "
                        + "due_date < :today), (SELECT min(due_date) FROM invoices WHERE tenant_id = :t AND "
                        + "customer_id = :c AND status IN ('OPEN', 'PARTIALLY_PAID') AND outstanding > 0 AND "
                        + "due_date >= :today), (SELECT overdue FROM lateness WHERE tenant_id = :t AND customer_id = "
                        + ":c), (SELECT version FROM lateness WHERE tenant_id = :t AND customer_id = :c)",
                        Object[].class)
                .setParameter("t", tenant).setParameter("c", customerId).setParameter("today", today)
                .getSingleResult()
                .chain(r -> {
                    UUID oldest = r[0] == null ? null : SqlValues.uuid(r[0]);
                    LocalDate oldestDue = r[1] == null ? null : SqlValues.date(r[1]);
                    LocalDate nextDue = r[2] == null ? null : SqlValues.date(r[2]);
                    boolean was = r[3] != null && (Boolean) r[3];
                    long version = r[4] == null ? 0 : ((Number) r[4]).longValue();
                    boolean is = oldest != null;
                    // a day with a due date ends: look again when the next day starts
                    Instant watch = is || nextDue == null ? null
                            : nextDue.plusDays(1).atStartOfDay(slots.zone()).toInstant();
                    IntegrationEvent change = is == was ? null : is
                            ? new LatenessEvents.CustomerBecameOverdue(customerId, oldest, oldestDue,
                            oldestDue.plusDays(1))
                            : new LatenessEvents.CustomerBackToCurrent(customerId, today);
                    long next = change == null ? version : version + 1;
                    return s.createNativeQuery("INSERT INTO lateness (tenant_id, customer_id, overdue, since, version, "
                                    + "watch_at) VALUES (:t, :c, :o, :since, :v, :w) ON CONFLICT (tenant_id, customer_id) "
                                    + "DO UPDATE SET overdue = excluded.overdue, since = CASE WHEN lateness.overdue "
                                    + "AND excluded.overdue THEN lateness.since ELSE excluded.since END, version = "
                                    + "excluded.version, watch_at = excluded.watch_at")
                            .setParameter("t", tenant).setParameter("c", customerId).setParameter("o", is)
                            .setParameter("since", is ? oldestDue.plusDays(1) : null).setParameter("v", next)
                            .setParameter("w", watch == null ? null : watch.atOffset(ZoneOffset.UTC))
                            .executeUpdate()
                            .chain(() -> change == null ? Uni.createFrom().voidItem()
                                    : append(s, tenant, customerId, version, change));
                });
    }

    /** A step fired: the level the customer's escalation has reached. */
    public Uni<Void> levelReached(Mutiny.Session s, String tenant, LatenessEvents.EscalationLevelReached e) {
        return s.createNativeQuery("INSERT INTO lateness (tenant_id, customer_id, version) VALUES (:t, :c, 1) "
                        + "ON CONFLICT (tenant_id, customer_id) DO UPDATE SET version = lateness.version + 1 "
                        + "RETURNING version", Object.class)
                .setParameter("t", tenant).setParameter("c", e.customerId()).getSingleResult()
                .chain(v -> append(s, tenant, e.customerId(), ((Number) v).longValue() - 1, e));
    }

    /** The customers whose watch time has come: what time alone changed. */
    public Uni<List<Object[]>> watched(Mutiny.Session s, Instant now, int limit) {
        return s.createNativeQuery("SELECT tenant_id, customer_id FROM lateness WHERE watch_at <= :now ORDER BY "
                        + "watch_at LIMIT :n FOR UPDATE SKIP LOCKED", Object[].class)
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("n", limit).getResultList();
    }

    private Uni<Void> append(Mutiny.Session s, String tenant, UUID customerId, long version, IntegrationEvent e) {
        return store.append(s, tenant, stream(customerId), Envelope.key(tenant, customerId), version,
                List.of(new NewEvent(e.type(), e))).replaceWithVoid();
    }
}
