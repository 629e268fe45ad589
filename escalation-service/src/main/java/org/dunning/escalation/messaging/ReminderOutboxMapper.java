package org.dunning.escalation.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/**
 * The escalation service stores the integration events themselves: {@code ReminderStepDue} and
 * {@code ReminderStepSkipped} go to the reminder topic, the lateness changes (R7.10) to the lateness topic.
 */
@ApplicationScoped
public class ReminderOutboxMapper implements OutboxMapper {
    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        IntegrationEvent event = EventCodec.decode(e.type(), e.data());
        String topic = event instanceof ReminderEvents.ReminderStepDue || event instanceof ReminderEvents.ReminderStepSkipped
                ? Topics.REMINDER_STEPS : Topics.LATENESS_EVENTS;
        return Optional.of(new Outgoing(topic, e.partitionKey(), event));
    }
}
