package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.UUID;

/**
 * Remembers which events a consumer has applied, in the same transaction as the effect: a redelivered or duplicated
 * event finds its id already there and changes nothing.
 */
@ApplicationScoped
public class Inbox {

    /** True the first time {@code consumer} sees {@code eventId}; false for every redelivery. */
    public Uni<Boolean> firstDelivery(Mutiny.Session session, String consumer, UUID eventId) {
        return Sql.of(session, "INSERT INTO processed_events (consumer, event_id) VALUES (:c, :id) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter("c", consumer).setParameter("id", eventId)
                .executeUpdate().map(n -> n == 1);
    }

    /**
     * The ids among {@code eventIds} that {@code consumer} sees for the first time, recorded as seen in one statement
     * (a batch's inbox check); an id twice in the list counts once.
     */
    public Uni<java.util.Set<UUID>> firstDeliveries(Mutiny.Session session, String consumer, java.util.List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return Sql.of(session, "INSERT INTO processed_events (consumer, event_id) SELECT DISTINCT :c, id "
                        + "FROM unnest(cast(:ids as uuid[])) AS id ON CONFLICT DO NOTHING RETURNING event_id")
                .setParameter("c", consumer).setParameter("ids", eventIds.toArray(UUID[]::new))
                .column()
                .map(rows -> {
                    java.util.Set<UUID> fresh = new java.util.HashSet<>();
                    rows.forEach(r -> fresh.add(org.dunning.platform.persistence.SqlValues.uuid(r)));
                    return fresh;
                });
    }
}
