package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.ReminderMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Records an e-mail to send for a reminder, rendered now, in the caller's transaction. The reminder key is unique:
 * the second time a key arrives nothing is recorded, so nothing is sent twice.
 */
@ApplicationScoped
public class EmailOutbox {

    private final Clock clock;

    public EmailOutbox(Clock clock) {
        this.clock = clock;
    }

    /** True if the e-mail was recorded, false if the reminder key had been handled before. */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due) {
        ReminderMessage m = ReminderMessage.of(due);
        Instant now = clock.instant();
        boolean deliverable = !m.recipients().isEmpty();
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO emails (id, tenant_id, reminder_key, "
                        + "customer_id, recipients, subject, body_html, body_text, message_id, status, next_attempt_at, "
                        + "last_error, created_at) VALUES (:id, :t, :k, :c, :to, :subject, :html, :text, :mid, :status, "
                        + ":at, :err, :at) ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("id", UUID.randomUUID()).setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("c", due.customer().customerId()).setParameter("to", String.join(",", m.recipients()))
                .setParameter("subject", m.subject()).setParameter("html", ReminderMail.render(m))
                .setParameter("text", m.subject()).setParameter("mid", messageId(due.reminderKey()))
                .setParameter("status", deliverable ? "PENDING" : "FAILED")
                .setParameter("err", deliverable ? null : "the customer has no contact with an e-mail address")
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .executeUpdate().map(n -> n == 1));
    }

    /**
     * The Message-ID is derived from the reminder key: if a crash repeats a send that the server had already
     * accepted, the copy carries the same Message-ID and mail systems can drop it.
     */
    static String messageId(String reminderKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(reminderKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@reminders.dunning>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
