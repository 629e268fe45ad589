package org.dunning.notification.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.delivery.EmailOutbox;
import org.dunning.notification.delivery.LetterOutbox;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Takes the e-mail and letter steps of {@code dunning.reminder.steps}: automatic e-mails and drafts for validation
 * become e-mails, letter steps become PDFs. Calls belong to follow-up.
 */
@ApplicationScoped
public class ReminderConsumer {

    private static final Logger LOG = Logger.getLogger(ReminderConsumer.class);

    /** About 20 seconds of waiting for a template the plan topic has not delivered yet. */
    static final int TEMPLATE_RETRIES = 6;

    private final EmailOutbox emails;
    private final LetterOutbox letters;

    public ReminderConsumer(EmailOutbox emails, LetterOutbox letters) {
        this.emails = emails;
        this.letters = letters;
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderStep(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        if (!(r.event() instanceof ReminderEvents.ReminderStepDue due) || due.action() == PlanEvents.Action.CALL) {
            return Uni.createFrom().voidItem();
        }
        boolean letter = due.action() == PlanEvents.Action.LETTER;
        Uni<Boolean> recorded = Retry.transientFailures(Panache.withTransaction(() -> letter
                        ? letters.record(r.tenantId(), due) : emails.record(r.tenantId(), due))
                .onFailure(DomainException.class).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(TEMPLATE_RETRIES));
        if (!letter) {
            // still no template after the retries: recorded as FAILED with the reason, visible at GET /emails.
            // A letter without its template goes to the dead-letter topic with the reason.
            recorded = recorded.onFailure(DomainException.class).recoverWithUni(e -> Panache.withTransaction(
                    () -> emails.recordUnsendable(r.tenantId(), due, e.getMessage())));
        }
        return recorded.onFailure().invoke(e -> LOG.errorf(e, "reminder %s could not be handled (to the dead-letter "
                + "topic)", due.reminderKey())).invoke(made -> {
            if (!made) {
                LOG.infof("reminder %s was handled before: nothing made again", due.reminderKey());
            }
        }).replaceWithVoid();
    }
}
