package org.dunning.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.Topics;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/** notification-service stores the integration events themselves; all of them go to the notification topic. */
@ApplicationScoped
public class NotificationOutboxMapper implements OutboxMapper {
    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return Optional.of(new Outgoing(Topics.NOTIFICATION_EVENTS, e.partitionKey(), EventCodec.decode(e.type(), e.data())));
    }
}
