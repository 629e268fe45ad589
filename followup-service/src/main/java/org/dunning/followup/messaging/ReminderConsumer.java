package org.dunning.followup.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.ReminderEvents;
import org.dunning.followup.domain.CallTask;
import org.dunning.followup.persistence.Tasks;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/** Makes a call task of each call step of {@code dunning.reminder.steps}. */
@ApplicationScoped
public class ReminderConsumer {

    private final Tasks tasks;

    public ReminderConsumer(Tasks tasks) {
        this.tasks = tasks;
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderStep(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        if (!(r.event() instanceof ReminderEvents.ReminderStepDue due)) {
            return Uni.createFrom().voidItem();
        }
        Optional<CallTask> task = CallTask.from(due);
        if (task.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Retry.transientFailures(Panache.withTransaction(() -> tasks.createCall(r.tenantId(), due, task.get())))
                .replaceWithVoid();
    }
}
