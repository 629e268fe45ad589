package org.dunning.notification.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.FollowupEvents;
import org.dunning.notification.delivery.EmailOutbox;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes the reviewers' decisions on drafts from {@code dunning.followup.events}: an approval releases the draft (with
 * the reviewer's edits) to the dispatcher, a dismissal closes it. Only a DRAFT changes: a redelivered decision, or a
 * second one, changes nothing.
 */
@ApplicationScoped
public class FollowupConsumer {

    private static final Logger LOG = Logger.getLogger(FollowupConsumer.class);

    private final EmailOutbox emails;

    public FollowupConsumer(EmailOutbox emails) {
        this.emails = emails;
    }

    @Incoming("followup-events")
    @ActivateRequestContext
    public Uni<Void> onFollowupEvent(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        if (r.event() instanceof FollowupEvents.EmailApproved a) {
            return Retry.transientFailures(Panache.withTransaction(() -> emails.approve(r.tenantId(), a)))
                    .invoke(n -> LOG.infof("draft %s approved by %s: %d e-mail(s) released", a.emailId(),
                            a.approvedBy(), n)).replaceWithVoid();
        }
        if (r.event() instanceof FollowupEvents.EmailDismissed d) {
            return Retry.transientFailures(Panache.withTransaction(() -> emails.dismiss(r.tenantId(), d)))
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
