package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
        return session.createNativeQuery("INSERT INTO processed_events (consumer, event_id) VALUES (:c, :id) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter("c", consumer).setParameter("id", eventId)
                .executeUpdate().map(n -> n == 1);
    }
}
