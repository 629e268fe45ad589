package org.dunning.platform.outbox;

import org.dunning.platform.eventstore.StoredEvent;

import java.util.Optional;

/**
 * Maps a service's stored (domain) event to the integration event it publishes, if any. Each service provides one;
 * this is where domain events are kept apart from the contract.
 */
public interface OutboxMapper {
    Optional<Outgoing> map(StoredEvent event);

    /**
     * For a service that stores the integration events themselves and publishes all of them on one topic, keyed as
     * they were stored.
     */
    static OutboxMapper allTo(String topic) {
        return e -> Optional.of(new Outgoing(topic, e.partitionKey(),
                org.dunning.contract.EventCodec.decode(e.type(), e.data())));
    }
}
