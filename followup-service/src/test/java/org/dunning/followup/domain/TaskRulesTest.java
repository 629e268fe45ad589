package org.dunning.followup.domain;

import org.dunning.contract.FollowupEvents;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each action on a task is allowed to do and what it makes known (R5.1, R2.2, R2.3, R7.2, R7.7). */
class TaskRulesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    final UUID customer = UUID.randomUUID();
    final UUID invoice = UUID.randomUUID();

    TaskRules.Task task(TaskRules.Type type, TaskRules.Status status) {
        return new TaskRules.Task(UUID.randomUUID(), type, status, customer, List.of(invoice), UUID.randomUUID(), "k");
    }

    @Test
    void aPromiseToPayIsPublishedForTheLedgerAndCountsAsAContact() {
        var events = TaskRules.complete(task(TaskRules.Type.CALL, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.PROMISE_TO_PAY, "on the 1st", TODAY.plusDays(8)), TODAY);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new FollowupEvents.PromiseToPayRecorded(customer, List.of(invoice),
                TODAY.plusDays(8), ((FollowupEvents.PromiseToPayRecorded) events.get(0)).taskId(), "on the 1st"));
        assertThat(events.get(1)).isEqualTo(new FollowupEvents.ContactLogged(customer, List.of(invoice),
                FollowupEvents.Channel.CALL, TODAY, "on the 1st"));
    }

    @Test
    void aPromiseNeedsADateFromTodayOnAndADisputeItsReason() {
        TaskRules.Task call = task(TaskRules.Type.CALL, TaskRules.Status.OPEN);
        assertThatThrownBy(() -> TaskRules.complete(call, new TaskRules.Completion(TaskRules.Outcome.PROMISE_TO_PAY,
                null, TODAY.minusDays(1)), TODAY)).isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> TaskRules.complete(call, new TaskRules.Completion(TaskRules.Outcome.DISPUTED,
                " ", null), TODAY)).isInstanceOf(ValidationFailed.class);
        assertThat(TaskRules.complete(call, new TaskRules.Completion(TaskRules.Outcome.DISPUTED, "damaged", null),
                TODAY).get(0)).isInstanceOf(FollowupEvents.DisputeReported.class);
    }

    @Test
    void anUnreachedCallAndADoneTaskTellNobody() {
        assertThat(TaskRules.complete(task(TaskRules.Type.CALL, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.NOT_REACHED, null, null), TODAY)).isEmpty();
        assertThat(TaskRules.complete(task(TaskRules.Type.FIX_CONTACT, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.DONE, null, null), TODAY)).isEmpty();
        assertThat(TaskRules.complete(task(TaskRules.Type.SEND_LETTER, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.LETTER_SENT, null, null), TODAY))
                .containsExactly(new FollowupEvents.ContactLogged(customer, List.of(invoice),
                        FollowupEvents.Channel.LETTER, TODAY, null));
    }

    @Test
    void eachTypeEndsOnlyWithItsOutcomesAndAClosedTaskNotAtAll() {
        assertThatThrownBy(() -> TaskRules.complete(task(TaskRules.Type.SEND_LETTER, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.REACHED, null, null), TODAY))
                .isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> TaskRules.complete(task(TaskRules.Type.VALIDATE_EMAIL, TaskRules.Status.OPEN),
                new TaskRules.Completion(TaskRules.Outcome.DONE, null, null), TODAY))
                .isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> TaskRules.complete(task(TaskRules.Type.CALL, TaskRules.Status.DONE),
                new TaskRules.Completion(TaskRules.Outcome.REACHED, null, null), TODAY)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> TaskRules.snooze(task(TaskRules.Type.CALL, TaskRules.Status.OPEN), TODAY, TODAY))
                .isInstanceOf(ValidationFailed.class);
    }

    @Test
    void aDraftIsApprovedWithTheReviewersTextOrDismissedForGood() {
        TaskRules.Task draft = task(TaskRules.Type.VALIDATE_EMAIL, TaskRules.Status.OPEN);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        var approved = TaskRules.approve(draft, " Edited ", "<p>x</p>", "maria", now);
        assertThat(approved.subject()).isEqualTo("Edited");
        assertThat(approved.emailId()).isEqualTo(draft.emailId());
        assertThatThrownBy(() -> TaskRules.approve(draft, "", "<p>x</p>", "maria", now))
                .isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> TaskRules.approve(task(TaskRules.Type.CALL, TaskRules.Status.OPEN), "s", "b",
                "maria", now)).isInstanceOf(ValidationFailed.class);
        assertThat(TaskRules.dismiss(draft, "maria", "no", now)).singleElement()
                .isInstanceOf(FollowupEvents.EmailDismissed.class);
        assertThat(TaskRules.dismiss(task(TaskRules.Type.MANUAL, TaskRules.Status.OPEN), "maria", null, now)).isEmpty();
    }
}
