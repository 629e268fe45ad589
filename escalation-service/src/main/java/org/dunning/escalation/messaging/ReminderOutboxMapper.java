package org.dunning.escalation.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.Topics;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/** The escalation service stores the integration events themselves ({@code ReminderStepDue}, {@code ReminderStepSkipped}). */
@ApplicationScoped
public class ReminderOutboxMapper implements OutboxMapper {
    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return Optional.of(new Outgoing(Topics.REMINDER_STEPS, e.partitionKey(), EventCodec.decode(e.type(), e.data())));
    }
}
