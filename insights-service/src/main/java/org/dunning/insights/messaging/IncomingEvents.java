package org.dunning.insights.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.insights.domain.Facts;
import org.dunning.insights.persistence.Projection;
import org.dunning.insights.persistence.Rebuild;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.projection.TopicReplay;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;

/**
 * Projects the four topics the insights are made of (R8.4): a poll at a time in one transaction ({@link Batch}), its
 * records read as {@link Facts} says and written in sets, each table once ({@link Projection}); every write is keyed
 * by what made it, so a redelivery changes nothing. Only the records of {@link Facts#TYPES} are decoded (by their
 * {@code ce_type} header); a record that cannot be read goes to the dead-letter topic.
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

    /**
     * A poll in one transaction that first waits while a rebuild runs (on any instance: {@link Rebuild#LOCK},
     * shared); a record that cannot be read is dead-lettered.
     */
    Uni<Void> handle(ConsumerRecords<String, String> records) {
        return Batch.inSets(Batch.ofTypes(records, Facts.TYPES), Received::from, (s, poll) -> Rebuild.waitForRebuild(s)
                        .chain(() -> applyAll(s, poll)))
                .chain(refused -> deadLetters.write("dunning.insights.dead-letter", refused));
    }

    /**
     * A poll of a topic replayed by the rebuild: the same batches as live, without waiting for the rebuild itself;
     * a record refused for good was dead-lettered when it first came and is only logged.
     */
    public Uni<Void> replay(List<ConsumerRecord<String, String>> records) {
        return TopicReplay.applyPoll(Batch.ofTypes(records, Facts.TYPES), Received::from, IncomingEvents::applyAll);
    }

    private static Uni<Map<Integer, Throwable>> applyAll(Mutiny.Session s, List<Received> poll) {
        return Projection.applyAll(s, poll.stream().flatMap(r -> Facts.of(r.event(), r.envelope().time()).stream()
                        .map(f -> new Projection.Tagged(r.tenantId(), r.envelope().id(), f))).toList())
                .replaceWith(Map.of());
    }
}
