package org.dunning.insights.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.insights.domain.Facts;
import org.dunning.insights.persistence.Projection;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Projects the four topics the insights are made of (R8.4): a poll at a time in one transaction ({@link Batch}), each
 * record as {@link Facts} says; every write is keyed by what made it, so a redelivery changes nothing. A record that
 * cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class IncomingEvents {

    private final DeadLetters deadLetters;

    public IncomingEvents(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderSteps(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    @Incoming("notification-events")
    @ActivateRequestContext
    public Uni<Void> onNotificationEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    Uni<Void> handle(ConsumerRecords<String, String> records) {
        return Batch.apply(records, Received::from, IncomingEvents::apply)
                .chain(refused -> deadLetters.write("dunning.insights.dead-letter", refused));
    }

    static Uni<Void> apply(Mutiny.Session s, Received r) {
        return Facts.of(r.event(), r.envelope().time())
                .map(f -> Projection.apply(s, r.tenantId(), r.envelope().id(), f))
                .orElse(Uni.createFrom().voidItem());
    }
}
