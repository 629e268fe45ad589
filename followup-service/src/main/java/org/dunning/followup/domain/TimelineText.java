package org.dunning.followup.domain;

import org.dunning.contract.FollowupEvents;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.ReminderEvents;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How an event from another service reads on the timeline (R5.3): whose it is, which invoices it concerns, its kind
 * and one line a collector understands. Events the timeline does not show give nothing. Pure.
 */
public final class TimelineText {

    public record Line(UUID customerId, List<UUID> invoiceIds, String kind, String summary) {
    }

    public static Optional<Line> of(IntegrationEvent event) {
        return Optional.ofNullable(line(event));
    }

    private static Line line(IntegrationEvent event) {
        if (event instanceof InvoiceEvents.InvoiceIssued e) {
            return new Line(e.customerId(), List.of(e.invoiceId()), "INVOICE_ISSUED", "Invoice " + e.number()
                    + " issued on " + e.issueDate() + ": " + e.amount().toPlainString() + " " + e.currency() + ", due "
                    + e.dueDate());
        }
        if (event instanceof InvoiceEvents.PaymentRecorded e) {
            return invoice(e, "PAYMENT_RECORDED", "Payment of " + e.amount().toPlainString() + " received on "
                    + e.paidOn() + " (" + e.reference() + "); outstanding " + e.outstanding().toPlainString() + ", "
                    + e.status());
        }
        if (event instanceof InvoiceEvents.InvoiceCreditApplied e) {
            return invoice(e, "CREDIT_APPLIED", "Credit note applied: " + e.amount().toPlainString()
                    + "; outstanding " + e.outstanding().toPlainString() + ", " + e.status());
        }
        if (event instanceof InvoiceEvents.InvoiceAmountChanged e) {
            return invoice(e, "AMOUNT_CHANGED", "Amount changed to " + e.amount().toPlainString() + "; outstanding "
                    + e.outstanding().toPlainString());
        }
        if (event instanceof InvoiceEvents.InvoiceDueDateChanged e) {
            return invoice(e, "DUE_DATE_CHANGED", "Due date changed to " + e.dueDate());
        }
        if (event instanceof InvoiceEvents.InvoiceCancelled e) {
            return invoice(e, "INVOICE_CANCELLED", "Invoice cancelled" + because(e.reason()));
        }
        if (event instanceof InvoiceEvents.InvoiceWrittenOff e) {
            return invoice(e, "INVOICE_WRITTEN_OFF", "Invoice written off" + because(e.reason()));
        }
        if (event instanceof InvoiceEvents.InvoiceDisputed e) {
            return invoice(e, "DISPUTE_OPENED", "Dispute opened" + because(e.reason()));
        }
        if (event instanceof InvoiceEvents.InvoiceDisputeResolved e) {
            return invoice(e, "DISPUTE_RESOLVED", "Dispute resolved" + because(e.note()));
        }
        if (event instanceof InvoiceEvents.ExpectedPaymentDateChanged e) {
            return invoice(e, "EXPECTED_PAYMENT_DATE", e.date() == null ? "Expected payment date cleared"
                    : "Expected payment date set to " + e.date());
        }
        if (event instanceof InvoiceEvents.ContactBounced e) {
            return new Line(e.customerId(), List.of(), "CONTACT_BOUNCED", "Contact " + e.email()
                    + " marked as bounced");
        }
        if (event instanceof ReminderEvents.ReminderStepDue e) {
            return new Line(e.customer().customerId(), e.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId)
                    .toList(), "STEP_FIRED", "Step \"" + e.stepName() + "\" fired on " + e.fireDate() + ": "
                    + e.action() + " about " + String.join(", ", e.invoices().stream()
                    .map(ReminderEvents.InvoiceRef::number).toList()));
        }
        if (event instanceof ReminderEvents.ReminderStepSkipped e) {
            return new Line(e.customerId(), e.invoiceId() == null ? List.of() : List.of(e.invoiceId()), "STEP_SKIPPED",
                    "Step \"" + e.stepName() + "\" skipped" + (e.fireDate() == null ? "" : " on " + e.fireDate())
                            + ": " + e.reason());
        }
        if (event instanceof NotificationEvents.EmailSent e) {
            return new Line(e.customerId(), e.invoiceIds(), "EMAIL_SENT", (e.audience() == NotificationEvents.Audience.INTERNAL
                    ? "Summary e-mailed to colleagues " : "E-mail sent to ") + String.join(", ", e.to()) + ": \""
                    + e.subject() + "\"");
        }
        if (event instanceof NotificationEvents.EmailFailed e) {
            return new Line(e.customerId(), e.invoiceIds(), "EMAIL_FAILED", "E-mail to "
                    + (e.to().isEmpty() ? "nobody" : String.join(", ", e.to())) + " failed"
                    + (e.permanent() ? " for good" : " after " + e.attempts() + " attempts") + ": " + e.reason());
        }
        if (event instanceof NotificationEvents.EmailBounced e) {
            return new Line(e.customerId(), List.of(), "EMAIL_BOUNCED", "E-mail to " + e.address() + " bounced: "
                    + e.reason());
        }
        if (event instanceof NotificationEvents.EmailSuppressed e) {
            return new Line(e.customerId(), e.invoiceIds(), "EMAIL_SUPPRESSED", "E-mail not sent: " + e.reason());
        }
        if (event instanceof NotificationEvents.DraftAwaitingValidation e) {
            return new Line(e.customerId(), e.invoiceIds(), "DRAFT_CREATED", "Draft \"" + e.subject()
                    + "\" awaits validation");
        }
        if (event instanceof NotificationEvents.LetterReady e) {
            return new Line(e.customerId(), e.invoiceIds(), "LETTER_RENDERED", "Letter rendered (" + e.pages()
                    + " page" + (e.pages() == 1 ? "" : "s") + "): " + e.documentPath());
        }
        if (event instanceof NotificationEvents.LetterFailed e) {
            return new Line(e.customerId(), e.invoiceIds(), "LETTER_FAILED", "Letter \"" + e.stepName()
                    + "\" not made: " + e.reason());
        }
        if (event instanceof NotificationEvents.SmsSent e) {
            return new Line(e.customerId(), e.invoiceIds(), "SMS_SENT", "Text message sent to " + e.to() + " ("
                    + e.segments() + " part" + (e.segments() == 1 ? "" : "s") + "): \"" + e.text() + "\"");
        }
        if (event instanceof NotificationEvents.SmsFailed e) {
            return new Line(e.customerId(), e.invoiceIds(), "SMS_FAILED", "Text message to "
                    + (e.to().isEmpty() ? "nobody" : e.to()) + " not sent: " + e.reason());
        }
        if (event instanceof FollowupEvents.ContactLogged e) {
            return new Line(e.customerId(), e.invoiceIds(), "CONTACT_LOGGED", e.channel() + " contact on "
                    + e.contactedOn() + (e.note() == null || e.note().isBlank() ? "" : ": " + e.note()));
        }
        return null;
    }

    private static Line invoice(InvoiceEvents.InvoiceChange e, String kind, String summary) {
        return new Line(e.customerId(), List.of(e.invoiceId()), kind, summary);
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private TimelineText() {
    }
}
