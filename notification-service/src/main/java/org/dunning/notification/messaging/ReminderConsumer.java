package org.dunning.notification.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.delivery.EmailOutbox;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Takes the automatic e-mail steps of {@code dunning.reminder.steps}; the other actions belong to other services. */
@ApplicationScoped
public class ReminderConsumer {

    private static final Logger LOG = Logger.getLogger(ReminderConsumer.class);

    /** About 20 seconds of waiting for a template the plan topic has not delivered yet. */
    static final int TEMPLATE_RETRIES = 6;

    private final EmailOutbox outbox;

    public ReminderConsumer(EmailOutbox outbox) {
        this.outbox = outbox;
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderStep(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        if (!(r.event() instanceof ReminderEvents.ReminderStepDue due) || due.action() != PlanEvents.Action.AUTO_EMAIL) {
            return Uni.createFrom().voidItem();
        }
        return Retry.transientFailures(Panache.withTransaction(() -> outbox.record(r.tenantId(), due))
                        .onFailure(EmailOutbox.TemplateMissing.class).retry()
                        .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(TEMPLATE_RETRIES))
                // still no template after the retries: recorded as FAILED with the reason, visible at GET /emails
                .onFailure(EmailOutbox.TemplateMissing.class).recoverWithUni(e -> Panache.withTransaction(
                        () -> outbox.recordUnsendable(r.tenantId(), due, e.getMessage())))
                .invoke(recorded -> {
                    if (!recorded) {
                        LOG.infof("reminder %s was handled before: not sent again", due.reminderKey());
                    }
                }).replaceWithVoid();
    }
}
