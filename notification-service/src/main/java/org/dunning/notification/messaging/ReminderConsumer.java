package org.dunning.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.delivery.EmailOutbox;
import org.dunning.notification.delivery.LetterOutbox;
import org.dunning.notification.delivery.SmsOutbox;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the e-mail and letter steps of {@code dunning.reminder.steps}, a poll at a time in one transaction
 * ({@link Batch}): automatic e-mails and drafts for validation become e-mails, recorded as a set
 * ({@link EmailOutbox#recordAll}), SMS steps text messages (R8.2) as a set as well ({@link SmsOutbox#recordAll}); letter
 * steps become PDFs, one after the other.
 * Calls belong to follow-up. A step
 * whose template has not arrived on the plan topic yet makes the poll wait and try again, for about 20 seconds from
 * when it was first seen; then an e-mail is recorded FAILED with the reason (visible at {@code GET /emails}) and a
 * letter or text message step goes to the dead-letter topic with it.
 */
@ApplicationScoped
public class ReminderConsumer {

    /** How long a step may wait for its template. */
    static final Duration TEMPLATE_WAIT = Duration.ofSeconds(20);

    private final EmailOutbox emails;
    private final LetterOutbox letters;
    private final SmsOutbox texts;
    private final DeadLetters deadLetters;
    private final Clock clock;
    /** When each step still waiting for its template was first seen. */
    private final Map<String, Instant> waiting = new ConcurrentHashMap<>();

    public ReminderConsumer(EmailOutbox emails, LetterOutbox letters, SmsOutbox texts, DeadLetters deadLetters,
                            Clock clock) {
        this.emails = emails;
        this.letters = letters;
        this.texts = texts;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Incoming("reminder-steps")
    @ActivateRequestContext
    public Uni<Void> onReminderSteps(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, Received::from, this::intake)
                .chain(refused -> deadLetters.write("dunning.notification.dead-letter", refused));
    }

    private Uni<Map<Integer, Throwable>> intake(Mutiny.Session s, List<Received> batch) {
        List<EmailOutbox.Due> mails = new ArrayList<>();
        List<EmailOutbox.Due> letterSteps = new ArrayList<>();
        List<EmailOutbox.Due> smsSteps = new ArrayList<>();
        for (Received r : batch) {
            if (r.event() instanceof ReminderEvents.ReminderStepDue due && due.action() != PlanEvents.Action.CALL) {
                (due.action() == PlanEvents.Action.LETTER ? letterSteps : due.action() == PlanEvents.Action.SMS
                        ? smsSteps : mails).add(new EmailOutbox.Due(r.tenantId(), due, r.traceParent()));
            }
        }
        return emails.recordAll(s, mails, this::mayWait)
                .chain(() -> Batch.inOrder(letterSteps, d -> waitingForTemplate(d,
                        letters.record(d.tenant(), d.step(), d.traceParent()))))
                .chain(() -> texts.recordAll(s, smsSteps, this::mayWait))
                .invoke(() -> batch.forEach(r -> waiting.remove(r.event() instanceof ReminderEvents.ReminderStepDue d
                        ? d.reminderKey() : "")))
                .replaceWith(Map.of());
    }

    /** A step whose template is not known yet waits (its poll is retried) for {@link #TEMPLATE_WAIT}, then fails. */
    private Uni<Void> waitingForTemplate(EmailOutbox.Due d, Uni<Boolean> made) {
        return made.onFailure(DomainException.class).transform(e -> mayWait(d.step().reminderKey())
                ? new EmailOutbox.TemplateNotYetKnown(e.getMessage()) : e).replaceWithVoid();
    }

    /** Whether a step may still wait for its template (first seen less than {@link #TEMPLATE_WAIT} ago). */
    private boolean mayWait(String reminderKey) {
        Instant now = clock.instant();
        Instant first = waiting.computeIfAbsent(reminderKey, k -> now);
        boolean wait = first.plus(TEMPLATE_WAIT).isAfter(now);
        if (!wait) {
            waiting.remove(reminderKey);
        }
        return wait;
    }
}
