package org.dunning.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Topics;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/** notification-service stores the integration events themselves; all of them go to the notification topic. */
@ApplicationScoped
public class NotificationOutboxMapper implements OutboxMapper {
    private final OutboxMapper all = OutboxMapper.allTo(Topics.NOTIFICATION_EVENTS);

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return all.map(e);
    }
}
