package org.dunning.followup.domain;

import org.dunning.contract.NotificationEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a text message that was not sent (R8.2) asks of a person, and how the timeline tells it. */
class FailedSmsTaskTest {

    final LocalDate today = LocalDate.of(2026, 12, 5);
    final UUID sms = UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final UUID invoice = UUID.randomUUID();
    final Instant at = Instant.parse("2026-12-05T08:00:00Z");

    NotificationEvents.SmsFailed failed(String to, boolean invalid, String reason) {
        return new NotificationEvents.SmsFailed(sms, "k", customer, List.of(invoice), to, reason, invalid, 0, at);
    }

    @Test
    void anInvalidNumberAsksToFixTheContact() {
        TaskSources.NewTask task = TaskSources.of(failed("0171 1234567", true, "'0171 1234567' is no mobile number "
                + "in international format (E.164, e.g. +4915112345678)"), today).orElseThrow();
        assertThat(task.type()).isEqualTo(TaskRules.Type.FIX_CONTACT);
        assertThat(task.sourceKey()).isEqualTo("sms/" + sms);
        assertThat(task.title()).isEqualTo("The mobile number 0171 1234567 is not valid: fix the contact");
        assertThat(task.invoiceIds()).containsExactly(invoice);
        assertThat(TaskSources.of(failed("", true, "no number"), today).orElseThrow().title())
                .isEqualTo("The reminder text message could not be sent: add a mobile number to a contact");
    }

    @Test
    void aMessageTheProviderRefusedAsksToRemindByHand() {
        TaskSources.NewTask task = TaskSources.of(failed("+4915112345678", false,
                "the SMS provider refused the message: 400"), today).orElseThrow();
        assertThat(task.type()).isEqualTo(TaskRules.Type.MANUAL);
        assertThat(task.title()).isEqualTo("The reminder text message to +4915112345678 was not sent: remind the "
                + "customer by hand");
        assertThat(task.detail()).isEqualTo("the SMS provider refused the message: 400");
    }

    @Test
    void theTimelineShowsWhatWasSentAndWhatWasNot() {
        assertThat(TimelineText.of(new NotificationEvents.SmsSent(sms, "k", customer, List.of(invoice),
                "+4915112345678", "RE-1 is open", 1, "p-1", at)).orElseThrow().summary())
                .isEqualTo("Text message sent to +4915112345678 (1 part): \"RE-1 is open\"");
        assertThat(TimelineText.of(failed("", true, "no number")).orElseThrow().summary())
                .isEqualTo("Text message to nobody not sent: no number");
    }
}
