package org.dunning.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.FollowupEvents;
import org.dunning.notification.delivery.EmailOutbox;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes the reviewers' decisions on drafts from {@code dunning.followup.events}: an approval releases the draft (with
 * the reviewer's edits) to the dispatcher, a dismissal closes it. Only a DRAFT changes: a redelivered decision, or a
 * second one, changes nothing. A poll at a time, in one transaction ({@link Batch}); a record that cannot be read
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class FollowupConsumer {

    private static final Logger LOG = Logger.getLogger(FollowupConsumer.class);

    private final EmailOutbox emails;
    private final DeadLetters deadLetters;

    public FollowupConsumer(EmailOutbox emails, DeadLetters deadLetters) {
        this.emails = emails;
        this.deadLetters = deadLetters;
    }

    @Incoming("followup-events")
    @ActivateRequestContext
    public Uni<Void> onFollowupEvents(ConsumerRecords<String, String> records) {
        return Batch.apply(records, Received::from, (s, r) -> apply(r))
                .chain(refused -> deadLetters.write("dunning.notification.dead-letter", refused));
    }

    private Uni<Void> apply(Received r) {
        if (r.event() instanceof FollowupEvents.EmailApproved a) {
            return emails.approve(r.tenantId(), a, r.traceParent()).invoke(n -> LOG.infof("draft %s of tenant %s "
                    + "approved by %s: %d e-mail(s) released", a.emailId(), r.tenantId(), a.approvedBy(), n))
                    .replaceWithVoid();
        }
        if (r.event() instanceof FollowupEvents.EmailDismissed d) {
            return emails.dismiss(r.tenantId(), d).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
