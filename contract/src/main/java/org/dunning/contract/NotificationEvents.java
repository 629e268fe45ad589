package org.dunning.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Published by notification-service on {@link Topics#NOTIFICATION_EVENTS}, keyed by {@code tenant/customerId}: what
 * became of each message it was asked for. {@code emailId} and {@code letterId} name the message at
 * {@code GET /emails/{id}} and {@code GET /letters/{id}}; {@code reminderKey} is the reminder it was made for.
 */
public final class NotificationEvents {

    /** Who an e-mail is for: the customer's contacts, or the colleagues assigned to the customer (R2.5). */
    public enum Audience { CUSTOMER, INTERNAL }

    /** An e-mail was accepted by the SMTP server; {@code subject} and {@code bodyText} are what was sent. */
    public record EmailSent(UUID emailId, String reminderKey, UUID customerId, List<UUID> invoiceIds,
                            Audience audience, List<String> to, String subject, String bodyText, String messageId,
                            Instant sentAt) implements IntegrationEvent {
    }

    /**
     * An e-mail could not be delivered: the server refused it for good ({@code permanent}), every retry failed, or
     * it could not even be composed (no template, no address). Follow-up makes a task of it. {@code
     * attachmentFailed} (R8.1, absent in older events: false): what failed is an invoice document the step attaches
     * (not linked, not reachable, too large), not the address; the e-mail was never sent without it.
     */
    public record EmailFailed(UUID emailId, String reminderKey, UUID customerId, List<UUID> invoiceIds,
                              Audience audience, List<String> to, String reason, boolean permanent, int attempts,
                              Instant failedAt, boolean attachmentFailed) implements IntegrationEvent {

        /** The shape before R8.1: a failure of composing or delivering. */
        public EmailFailed(UUID emailId, String reminderKey, UUID customerId, List<UUID> invoiceIds,
                           Audience audience, List<String> to, String reason, boolean permanent, int attempts,
                           Instant failedAt) {
            this(emailId, reminderKey, customerId, invoiceIds, audience, to, reason, permanent, attempts, failedAt,
                    false);
        }
    }

    /**
     * An address bounced: the SMTP server refused the recipient for good, or the mail provider reported a bounce.
     * The ledger marks the contact; follow-up makes a task to fix it. {@code emailId} is null when unknown.
     */
    public record EmailBounced(UUID emailId, UUID customerId, String address, String reason, Instant bouncedAt)
            implements IntegrationEvent {
    }

    /**
     * An e-mail was not sent because what it reminds of changed after the step fired (R7.8): its invoices were paid,
     * cancelled, written off, disputed or switched off. {@code reason} names them.
     */
    public record EmailSuppressed(UUID emailId, String reminderKey, UUID customerId, List<UUID> invoiceIds,
                                  Audience audience, String reason, Instant suppressedAt) implements IntegrationEvent {
    }

    /**
     * An e-mail step that needs a person's validation (R2.2) was rendered as a draft; nothing is sent until
     * follow-up publishes {@code EmailApproved} for it.
     */
    public record DraftAwaitingValidation(UUID emailId, String reminderKey, UUID customerId, String customerName,
                                          List<UUID> invoiceIds, String stepName, List<String> to, String subject,
                                          String bodyHtml, LocalDate fireDate) implements IntegrationEvent {
    }

    /** A letter (R2.4) was rendered as a PDF; {@code documentPath} is where notification-service serves it. */
    public record LetterReady(UUID letterId, String reminderKey, UUID customerId, String customerName,
                              List<UUID> invoiceIds, String stepName, String documentPath, int pages,
                              LocalDate fireDate) implements IntegrationEvent {
    }

    /**
     * A letter (R2.4) could not be made: the customer has no postal address, or the postal provider refused it for
     * good. Nothing was printed or handed over; follow-up makes a task to fix the customer's address.
     */
    public record LetterFailed(UUID letterId, String reminderKey, UUID customerId, String customerName,
                               List<UUID> invoiceIds, String stepName, String reason, LocalDate fireDate,
                               Instant failedAt) implements IntegrationEvent {
    }

    /**
     * A text message (R8.2) was accepted by the SMS provider: {@code to} in E.164, {@code text} what was sent, in
     * {@code segments} parts; {@code providerId} the provider's id of the message, where it gave one.
     */
    public record SmsSent(UUID smsId, String reminderKey, UUID customerId, List<UUID> invoiceIds, String to,
                          String text, int segments, String providerId, Instant sentAt) implements IntegrationEvent {
    }

    /**
     * A text message (R8.2) was not sent: {@code invalidNumber} when the contact's number {@code to} is no mobile
     * number in E.164 (follow-up makes a task to fix the contact), else the provider refused it for good or every
     * retry failed.
     */
    public record SmsFailed(UUID smsId, String reminderKey, UUID customerId, List<UUID> invoiceIds, String to,
                            String reason, boolean invalidNumber, int attempts, Instant failedAt)
            implements IntegrationEvent {
    }

    private NotificationEvents() {
    }
}
