package org.dunning.followup.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.followup.domain.TaskSources;
import org.dunning.followup.domain.TimelineText;
import org.dunning.followup.persistence.Directory;
import org.dunning.followup.persistence.TaskStore;
import org.dunning.followup.persistence.Timeline;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final DeadLetters deadLetters;
    private final Clock clock;

    public IncomingEvents(TaskStore tasks, Timeline timeline, Directory directory, DeadLetters deadLetters,
                          Clock clock) {
        this.tasks = tasks;
        this.timeline = timeline;
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** The tenants' settings: their time zone says which day a task made now is due. */
    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvents(ConsumerRecords<String, String> records) {
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

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    /**
     * A poll at a time, in one transaction ({@link Batch}), in the order it came: the records between two changes of
     * a tenant's settings are written together, in a few statements (the customers and invoices they make known, their
     * lines on the timeline, the tasks they make with their lines); a tenant's settings (which say what day a task
     * made after them is due) are applied on their own. A record that cannot be read is dead-lettered.
     */
    Uni<Void> handle(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, Received::from, (s, poll) -> Batch.inOrder(Batch.runs(poll,
                                IncomingEvents::together), run -> together(run.get(0)) ? together(s, run)
                                        : settings(s, run.get(0)).chain(s::flush).invoke(s::clear))
                        .replaceWith(Map.<Integer, Throwable>of()))
                .chain(refused -> deadLetters.write("dunning.followup.dead-letter", refused));
    }

    /** Whether the record may be written in a set with its neighbours: all but a tenant's settings may. */
    static boolean together(Received r) {
        return !(r.event() instanceof org.dunning.contract.PlanEvents.TenantSettingsChanged);
    }

    /** The timeline lines of the records, in their order. */
    static List<Timeline.Line> lines(List<Received> run) {
        List<Timeline.Line> lines = new ArrayList<>();
        for (Received r : run) {
            TimelineText.of(r.event()).ifPresent(line -> lines.add(new Timeline.Line(r.tenantId(),
                    new Timeline.Entry(line.customerId(), line.invoiceIds(), r.envelope().time(), line.kind(),
                            line.summary(), r.event(), source(r)))));
        }
        return lines;
    }

    /**
     * A run: what it makes known, its lines, then its tasks (each due on the day it is made in its tenant's zone;
     * no record of the run changes a zone).
     */
    private Uni<Void> together(Mutiny.Session s, List<Received> run) {
        List<Received> making = run.stream().filter(r -> TaskSources.of(r.event(), LocalDate.EPOCH).isPresent())
                .toList();
        Map<String, java.time.ZoneId> zones = new java.util.HashMap<>();
        return directory.learnAll(s, run.stream().filter(r -> Directory.learnsFrom(r.event())).toList())
                .chain(() -> timeline.addAll(s, lines(run)))
                .chain(() -> Batch.inOrder(making.stream().map(Received::tenantId).distinct().toList(),
                        t -> directory.zone(s, t).invoke(zone -> zones.put(t, zone)).replaceWithVoid()))
                .chain(() -> tasks.createAll(s, tasks(making, zones, clock.instant())))
                .replaceWithVoid();
    }

    /** The tasks the records make, each due on the day it is made in its tenant's zone. */
    static List<TaskStore.Made> tasks(List<Received> making, Map<String, java.time.ZoneId> zones,
                                      java.time.Instant now) {
        return making.stream().map(r -> new TaskStore.Made(r.tenantId(), TaskSources.of(r.event(),
                now.atZone(zones.get(r.tenantId())).toLocalDate()).orElseThrow(), r.envelope().time())).toList();
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

    /** A tenant's settings, on their own: the zone they set (makes no task), and their line if they have one. */
    private Uni<Void> settings(Mutiny.Session s, Received r) {
        return directory.learn(s, r.tenantId(), r.event()).chain(() -> timeline.addAll(s, lines(List.of(r))));
    }
}
