package org.dunning.followup.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Topics;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/**
 * followup-service stores the integration events themselves (approvals, dismissals, promises, disputes, contacts);
 * all of them go to the follow-up topic, keyed by tenant/customer.
 */
@ApplicationScoped
public class FollowupOutboxMapper implements OutboxMapper {
    private final OutboxMapper all = OutboxMapper.allTo(Topics.FOLLOWUP_EVENTS);

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return all.map(e);
    }
}
