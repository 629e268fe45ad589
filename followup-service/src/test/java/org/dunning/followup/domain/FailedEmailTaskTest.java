package org.dunning.followup.domain;

import org.dunning.contract.NotificationEvents;
import org.dunning.contract.NotificationEvents.Audience;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed e-mail asks of a person: fix the address, or (R8.1) fix the document it could not carry. */
class FailedEmailTaskTest {

    final LocalDate today = LocalDate.of(2026, 12, 5);
    final UUID email = UUID.randomUUID();
    final UUID invoice = UUID.randomUUID();

    NotificationEvents.EmailFailed failed(boolean attachment, String reason) {
        return new NotificationEvents.EmailFailed(email, "k", UUID.randomUUID(), List.of(invoice), Audience.CUSTOMER,
                List.of("anna@berg.example"), reason, true, 1, Instant.parse("2026-12-05T08:00:00Z"), attachment);
    }

    @Test
    void aRefusedAddressAsksToFixTheContact() {
        TaskSources.NewTask task = TaskSources.of(failed(false, "550 no such user"), today).orElseThrow();
        assertThat(task.type()).isEqualTo(TaskRules.Type.FIX_CONTACT);
        assertThat(task.title()).isEqualTo("The e-mail to anna@berg.example failed: fix the contact");
    }

    @Test
    void aDocumentThatCouldNotBeAttachedAsksToFixTheDocumentNotTheContact() {
        TaskSources.NewTask task = TaskSources.of(failed(true,
                "the document of invoice A-1 could not be fetched: HTTP 404"), today).orElseThrow();
        assertThat(task.type()).isEqualTo(TaskRules.Type.MANUAL);
        assertThat(task.sourceKey()).isEqualTo("document/" + email);
        assertThat(task.title()).isEqualTo("The reminder e-mail to anna@berg.example was not sent: its invoice "
                + "document could not be attached; fix the document link and send the reminder by hand");
        assertThat(task.detail()).isEqualTo("the document of invoice A-1 could not be fetched: HTTP 404");
        assertThat(task.invoiceIds()).containsExactly(invoice);
        assertThat(task.emailId()).isEqualTo(email);
    }
}
