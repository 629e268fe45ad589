package org.dunning.notification.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/**
 * Appends what became of a message to the event store — the outbox — in the caller's transaction, so the change of
 * a message's status and its event commit together. Each message has one stream per event type
 * ({@code <messageId>/<type>}, version 1): the same outcome can never be published twice for one message.
 */
@ApplicationScoped
public class Published {

    private final EventStore store;

    public Published(EventStore store) {
        this.store = store;
    }

    /** What became of a message, to append, in the trace of the message (null: the current one). */
    public record Outcome(String tenant, UUID customerId, UUID messageId, String traceParent, IntegrationEvent event) {
        public Outcome(String tenant, UUID customerId, UUID messageId, IntegrationEvent event) {
            this(tenant, customerId, messageId, null, event);
        }
    }

    /** The outcomes of many messages, in one statement. */
    public Uni<Void> appendAll(Mutiny.Session s, List<Outcome> outcomes) {
        return store.appendAll(s, outcomes.stream().map(o -> new EventStore.Pending(o.tenant(), o.messageId() + "/"
                + o.event().type(), Envelope.key(o.tenant(), o.customerId()), 0,
                List.of(new NewEvent(o.event().type(), o.event(), o.traceParent())))).toList()).replaceWithVoid();
    }

    public Uni<Void> append(Mutiny.Session s, String tenant, UUID customerId, UUID messageId, IntegrationEvent event) {
        return append(s, tenant, customerId, messageId, null, event);
    }

    /** What became of a message, in its trace (null: the current one). */
    public Uni<Void> append(Mutiny.Session s, String tenant, UUID customerId, UUID messageId, String traceParent,
                            IntegrationEvent event) {
        return store.append(s, tenant, messageId + "/" + event.type(), Envelope.key(tenant, customerId), 0,
                List.of(new NewEvent(event.type(), event, traceParent))).replaceWithVoid();
    }
}
