package org.dunning.followup.domain;

import org.dunning.contract.FollowupEvents;
import org.dunning.contract.IntegrationEvent;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a person may do with a task (R5.1, R2.2, R2.3) and what each action makes known to the other services. Pure:
 * no framework; the persistence applies the changes and appends the events returned here.
 */
public final class TaskRules {

    public enum Type { CALL, VALIDATE_EMAIL, SEND_LETTER, FIX_CONTACT, MANUAL }

    public enum Status { OPEN, DONE, DISMISSED }

    /**
     * How a task ended. A call: REACHED, NOT_REACHED, PROMISE_TO_PAY (with the promised date), DISPUTED (with the
     * reason as note). A letter: LETTER_SENT. A contact fixed, or a manual task: DONE. A draft: APPROVED (by
     * approving it).
     */
    public enum Outcome { REACHED, NOT_REACHED, PROMISE_TO_PAY, DISPUTED, LETTER_SENT, DONE, APPROVED }

    static final Map<Type, Set<Outcome>> ALLOWED = Map.of(
            Type.CALL, EnumSet.of(Outcome.REACHED, Outcome.NOT_REACHED, Outcome.PROMISE_TO_PAY, Outcome.DISPUTED),
            Type.MANUAL, EnumSet.of(Outcome.DONE, Outcome.REACHED, Outcome.NOT_REACHED, Outcome.PROMISE_TO_PAY,
                    Outcome.DISPUTED),
            Type.SEND_LETTER, EnumSet.of(Outcome.LETTER_SENT),
            Type.FIX_CONTACT, EnumSet.of(Outcome.DONE),
            Type.VALIDATE_EMAIL, EnumSet.noneOf(Outcome.class));

    /** What the rules need of a task. */
    public record Task(UUID id, Type type, Status status, UUID customerId, List<UUID> invoiceIds, UUID emailId,
                       String reminderKey) {
    }

    public record Completion(Outcome outcome, String note, LocalDate promisedDate) {
    }

    /** The events completing a task publishes: the promise or the dispute for the ledger, the contact made by hand. */
    public static List<IntegrationEvent> complete(Task t, Completion c, LocalDate today) {
        requireOpen(t);
        if (c == null || c.outcome() == null) {
            throw ValidationFailed.of("outcome", "required, one of " + ALLOWED.get(t.type()));
        }
        if (t.type() == Type.VALIDATE_EMAIL) {
            throw ValidationFailed.of("outcome", "a draft is approved (POST /tasks/{id}/approve) or dismissed");
        }
        if (!ALLOWED.get(t.type()).contains(c.outcome())) {
            throw ValidationFailed.of("outcome", "a " + t.type() + " task ends with one of " + ALLOWED.get(t.type()));
        }
        List<IntegrationEvent> out = new ArrayList<>();
        switch (c.outcome()) {
            case PROMISE_TO_PAY -> {
                new Violations().check(c.promisedDate() != null, "promisedDate", "required for a promise to pay")
                        .check(c.promisedDate() == null || !c.promisedDate().isBefore(today), "promisedDate",
                                "today or later")
                        .check(!t.invoiceIds().isEmpty(), "outcome", "the task names no invoice to promise")
                        .throwIfAny();
                out.add(new FollowupEvents.PromiseToPayRecorded(t.customerId(), t.invoiceIds(), c.promisedDate(),
                        t.id(), c.note()));
                out.add(contact(t, FollowupEvents.Channel.CALL, today, c.note()));
            }
            case DISPUTED -> {
                new Violations().check(c.note() != null && !c.note().isBlank(), "note",
                                "required: the reason of the dispute")
                        .check(!t.invoiceIds().isEmpty(), "outcome", "the task names no invoice to dispute")
                        .throwIfAny();
                out.add(new FollowupEvents.DisputeReported(t.customerId(), t.invoiceIds(), c.note().trim(), t.id()));
                out.add(contact(t, FollowupEvents.Channel.CALL, today, c.note()));
            }
            case REACHED -> out.add(contact(t, FollowupEvents.Channel.CALL, today, c.note()));
            case LETTER_SENT -> out.add(contact(t, FollowupEvents.Channel.LETTER, today, c.note()));
            default -> {
                // NOT_REACHED, DONE: recorded on the task and the timeline, nothing for the other services
            }
        }
        return out;
    }

    /** Approving a draft: the reviewer's subject and body (those of the draft when not edited). */
    public static FollowupEvents.EmailApproved approve(Task t, String subject, String bodyHtml, String by, Instant now) {
        requireOpen(t);
        if (t.type() != Type.VALIDATE_EMAIL) {
            throw ValidationFailed.of("type", "only a VALIDATE_EMAIL task holds a draft to approve");
        }
        new Violations().check(subject != null && !subject.isBlank(), "subject", "required")
                .check(subject == null || subject.length() <= 998, "subject", "at most 998 characters")
                .check(bodyHtml != null && !bodyHtml.isBlank(), "bodyHtml", "required")
                .check(bodyHtml == null || bodyHtml.length() <= 200_000, "bodyHtml", "at most 200000 characters")
                .throwIfAny();
        return new FollowupEvents.EmailApproved(t.emailId(), t.reminderKey(), t.customerId(), subject.trim(), bodyHtml,
                by, now);
    }

    /** Dismissing a task; for a draft, notification-service is told it must never be sent. */
    public static List<IntegrationEvent> dismiss(Task t, String by, String note, Instant now) {
        requireOpen(t);
        return t.type() == Type.VALIDATE_EMAIL
                ? List.of(new FollowupEvents.EmailDismissed(t.emailId(), t.reminderKey(), t.customerId(), by, note, now))
                : List.of();
    }

    public static void snooze(Task t, LocalDate until, LocalDate today) {
        requireOpen(t);
        new Violations().check(until != null, "until", "required")
                .check(until == null || until.isAfter(today), "until", "a day after today").throwIfAny();
    }

    public static void requireOpen(Task t) {
        if (t.status() != Status.OPEN) {
            throw new Conflict("the task is " + t.status() + " already");
        }
    }

    private static FollowupEvents.ContactLogged contact(Task t, FollowupEvents.Channel channel, LocalDate on,
                                                        String note) {
        return new FollowupEvents.ContactLogged(t.customerId(), t.invoiceIds(), channel, on, note);
    }

    private TaskRules() {
    }
}
