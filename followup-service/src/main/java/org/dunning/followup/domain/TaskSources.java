package org.dunning.followup.domain;

import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.ReminderEvents;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which events make a task (R2.2–R2.4, R7.5), and the task each makes. {@code sourceKey} names what made it: a
 * redelivery of the same event, or a second event about the same thing (a permanent failure and the bounce it
 * causes), finds the key taken and makes nothing. Pure.
 */
public final class TaskSources {

    /** A task to create. JSON-valued fields ({@code contacts}, {@code invoices}, {@code draft}) are plain objects. */
    public record NewTask(TaskRules.Type type, String sourceKey, String reminderKey, String title, UUID customerId,
                          String customerName, Object contacts, Object invoices, List<UUID> invoiceIds,
                          LocalDate dueDate, UUID emailId, Object draft, String documentPath, String detail,
                          String assignee, String note) {
    }

    public static Optional<NewTask> of(IntegrationEvent event, LocalDate today) {
        if (event instanceof ReminderEvents.ReminderStepDue due) {
            return CallTask.from(due).map(c -> new NewTask(TaskRules.Type.CALL, "reminder/" + due.reminderKey(),
                    due.reminderKey(), c.title(), due.customer().customerId(), due.customer().name(), c.contacts(),
                    c.invoices(), c.invoices().stream().map(CallTask.Invoice::invoiceId).toList(), c.dueDate(), null,
                    null, null, null, null, null));
        }
        if (event instanceof NotificationEvents.DraftAwaitingValidation d) {
            return Optional.of(new NewTask(TaskRules.Type.VALIDATE_EMAIL, "draft/" + d.emailId(), d.reminderKey(),
                    "Validate the e-mail \"" + d.subject() + "\" to " + d.customerName(), d.customerId(),
                    d.customerName(), List.of(), List.of(), d.invoiceIds(), d.fireDate(), d.emailId(),
                    Map.of("to", d.to(), "subject", d.subject(), "bodyHtml", d.bodyHtml()), null, null, null, null));
        }
        if (event instanceof NotificationEvents.LetterReady l) {
            return Optional.of(new NewTask(TaskRules.Type.SEND_LETTER, "letter/" + l.letterId(), l.reminderKey(),
                    "Send the letter \"" + l.stepName() + "\" to " + l.customerName(), l.customerId(), l.customerName(),
                    List.of(), List.of(), l.invoiceIds(), l.fireDate(), null, null, l.documentPath(), null, null, null));
        }
        if (event instanceof NotificationEvents.LetterFailed l) {
            return Optional.of(new NewTask(TaskRules.Type.FIX_CONTACT, "letter/" + l.letterId(), l.reminderKey(),
                    "The letter \"" + l.stepName() + "\" to " + l.customerName() + " cannot be posted: fix the "
                            + "customer's postal address", l.customerId(), l.customerName(), List.of(), List.of(),
                    l.invoiceIds(), l.fireDate() != null ? l.fireDate() : today, null, null, null, l.reason(), null,
                    null));
        }
        if (event instanceof NotificationEvents.EmailFailed f && f.attachmentFailed()) {
            // R8.1: the address is fine, the document is not; the reminder was not sent without it
            return Optional.of(new NewTask(TaskRules.Type.MANUAL, "document/" + f.emailId(), f.reminderKey(),
                    "The reminder e-mail" + (f.to().isEmpty() ? "" : " to " + String.join(", ", f.to()))
                            + " was not sent: its invoice document could not be attached; fix the document link and "
                            + "send the reminder by hand", f.customerId(), null, List.of(), List.of(), f.invoiceIds(),
                    today, f.emailId(), null, null, f.reason(), null, null));
        }
        if (event instanceof NotificationEvents.EmailFailed f && f.audience() == NotificationEvents.Audience.CUSTOMER) {
            return Optional.of(new NewTask(TaskRules.Type.FIX_CONTACT, "contact/" + f.emailId(), f.reminderKey(),
                    f.to().isEmpty() ? "The reminder e-mail could not be made: " + f.reason()
                            : "The e-mail to " + String.join(", ", f.to()) + " failed: fix the contact",
                    f.customerId(), null, List.of(), List.of(),
                    f.invoiceIds(), today, f.emailId(), null, null, f.reason(), null, null));
        }
        if (event instanceof NotificationEvents.SmsFailed f) {
            // R8.2: a number that is none becomes a task to fix the contact; any other failure a task to remind by hand
            return Optional.of(f.invalidNumber()
                    ? new NewTask(TaskRules.Type.FIX_CONTACT, "sms/" + f.smsId(), f.reminderKey(),
                    f.to().isEmpty() ? "The reminder text message could not be sent: add a mobile number to a contact"
                            : "The mobile number " + f.to() + " is not valid: fix the contact", f.customerId(), null,
                    List.of(), List.of(), f.invoiceIds(), today, null, null, null, f.reason(), null, null)
                    : new NewTask(TaskRules.Type.MANUAL, "sms/" + f.smsId(), f.reminderKey(), "The reminder text "
                    + "message to " + f.to() + " was not sent: remind the customer by hand", f.customerId(), null,
                    List.of(), List.of(), f.invoiceIds(), today, null, null, null, f.reason(), null, null));
        }
        if (event instanceof NotificationEvents.EmailBounced b) {
            return Optional.of(new NewTask(TaskRules.Type.FIX_CONTACT, "contact/" + (b.emailId() != null ? b.emailId()
                    : b.customerId() + "/" + b.address().toLowerCase()), null, "The address " + b.address()
                    + " bounced: fix the contact", b.customerId(), null, List.of(), List.of(), List.of(), today,
                    b.emailId(), null, null, b.reason(), null, null));
        }
        return Optional.empty();
    }

    private TaskSources() {
    }
}
