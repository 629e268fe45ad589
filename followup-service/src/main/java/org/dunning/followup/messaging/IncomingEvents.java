package org.dunning.followup.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.followup.domain.TaskSources;
import org.dunning.followup.domain.TimelineText;
import org.dunning.followup.persistence.Directory;
import org.dunning.followup.persistence.TaskStore;
import org.dunning.followup.persistence.Timeline;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Reads the topics follow-up learns from: the reminders (call tasks; steps fired or skipped), notification's
 * outcomes (validation, letter and fix-contact tasks; e-mails sent, failed, suppressed) and the invoice facts, all of
 * them onto the timeline. Task and timeline entry are written in one transaction; both are keyed by what made them,
 * so a redelivery changes nothing.
 */
@ApplicationScoped
public class IncomingEvents {

    private final TaskStore tasks;
    private final Timeline timeline;
    private final Directory directory;
    private final Clock clock;

    public IncomingEvents(TaskStore tasks, Timeline timeline, Directory directory, Clock clock) {
        this.tasks = tasks;
        this.timeline = timeline;
        this.directory = directory;
        this.clock = clock;
    }

    /** The tenants' settings: their time zone says which day a task made now is due. */
    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvent(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderStep(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("notification-events")
    @ActivateRequestContext
    public Uni<Void> onNotificationEvent(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        return handle(record);
    }

    /** The event's id; for a reminder its key, the same under whatever event id it is delivered again. */
    static String source(Received r) {
        if (r.event() instanceof org.dunning.contract.ReminderEvents.ReminderStepDue d) {
            return "due/" + d.reminderKey();
        }
        if (r.event() instanceof org.dunning.contract.ReminderEvents.ReminderStepSkipped d) {
            return "skipped/" + d.reminderKey();
        }
        return r.envelope().id().toString();
    }

    Uni<Void> handle(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        var line = TimelineText.of(r.event());
        boolean makesTask = TaskSources.of(r.event(), LocalDate.EPOCH).isPresent();
        if (line.isEmpty() && !makesTask && !Directory.learnsFrom(r.event())) {
            return Uni.createFrom().voidItem();
        }
        String tenant = r.tenantId();
        return Retry.transientFailures(Panache.withTransaction(() -> Panache.getSession().chain(s -> directory
                .learn(s, tenant, r.event())
                .chain(() -> line.isEmpty() ? Uni.createFrom().item(false) : timeline.add(s, tenant,
                        new Timeline.Entry(line.get().customerId(), line.get().invoiceIds(), r.envelope().time(),
                                line.get().kind(), line.get().summary(), r.event(), source(r))))
                .chain(() -> !makesTask ? Uni.createFrom().nullItem() : directory.zone(s, tenant).chain(zone ->
                        tasks.create(s, tenant, TaskSources.of(r.event(), clock.instant().atZone(zone).toLocalDate())
                                .orElseThrow())))))).replaceWithVoid();
    }
}
