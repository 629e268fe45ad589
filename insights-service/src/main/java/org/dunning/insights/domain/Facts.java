package org.dunning.insights.domain;

import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the insights keep of an event (R8.4), decided without I/O: the invoices' histories from the ledger, the
 * reminders from the engine and, for messages, the moment they actually went out — an e-mail when the customer's copy
 * was accepted by the SMTP server (a suppressed or failed one was never sent), a letter when it is ready to post, a
 * call when its task is made. Days without one of their own in the event (a credit, a cancellation) are the event's
 * day in UTC.
 */
public final class Facts {

    public sealed interface Fact {
    }

    public record Issued(UUID invoiceId, UUID customerId, String currency, LocalDate issueDate, LocalDate dueDate,
                         BigDecimal amount) implements Fact {
    }

    /** A movement of the outstanding amount; {@code amount} set for a correction of the invoice's amount. */
    public record Moved(UUID invoiceId, InvoiceHistory.Movement movement, BigDecimal correctedAmount)
            implements Fact {
    }

    public record DueDateMoved(UUID invoiceId, LocalDate dueDate) implements Fact {
    }

    /** Cancelled or written off: from then on it is owed no more, and it was not paid. */
    public record Closed(UUID invoiceId, LocalDate on) implements Fact {
    }

    /** A step fired for these invoices; {@code sentOn} set when firing is sending (a call), null until it is sent. */
    public record Fired(String reminderKey, UUID planId, UUID stepId, String stepName, String variant,
                        String templateKey, List<UUID> invoiceIds, LocalDate sentOn) implements Fact {
    }

    /** The reminder went out on {@code on} for these invoices (a grouped e-mail may have lost some meanwhile). */
    public record Sent(String reminderKey, LocalDate on, List<UUID> invoiceIds) implements Fact {
    }

    public record PlanNamed(UUID planId, String name) implements Fact {
    }

    /**
     * The event types the insights are made of: a consumer reads only these (their {@code ce_type} header) and lets
     * the rest of its topics pass undecoded; {@link #of} keeps nothing of any other type either.
     */
    public static final java.util.Set<String> TYPES = java.util.stream.Stream.of(InvoiceEvents.InvoiceIssued.class,
                    InvoiceEvents.PaymentRecorded.class, InvoiceEvents.InvoiceCreditApplied.class,
                    InvoiceEvents.InvoiceAmountChanged.class, InvoiceEvents.InvoiceDueDateChanged.class,
                    InvoiceEvents.InvoiceCancelled.class, InvoiceEvents.InvoiceWrittenOff.class,
                    ReminderEvents.ReminderStepDue.class, NotificationEvents.EmailSent.class,
                    NotificationEvents.SmsSent.class, NotificationEvents.LetterReady.class,
                    PlanEvents.PlanCreated.class, PlanEvents.PlanRevised.class)
            .map(org.dunning.contract.EventTypes::typeOf).collect(java.util.stream.Collectors.toUnmodifiableSet());

    public static Optional<Fact> of(IntegrationEvent event, Instant at) {
        if (!TYPES.contains(event.type())) {
            return Optional.empty();
        }
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        if (event instanceof InvoiceEvents.InvoiceIssued e) {
            return Optional.of(new Issued(e.invoiceId(), e.customerId(), e.currency(), e.issueDate(), e.dueDate(),
                    e.amount()));
        }
        if (event instanceof InvoiceEvents.PaymentRecorded e) {
            return Optional.of(new Moved(e.invoiceId(), new InvoiceHistory.Movement(e.paidOn(),
                    InvoiceHistory.Kind.PAYMENT, e.amount(), e.outstanding()), null));
        }
        if (event instanceof InvoiceEvents.InvoiceCreditApplied e) {
            return Optional.of(new Moved(e.invoiceId(), new InvoiceHistory.Movement(day, InvoiceHistory.Kind.CREDIT,
                    e.amount(), e.outstanding()), null));
        }
        if (event instanceof InvoiceEvents.InvoiceAmountChanged e) {
            return Optional.of(new Moved(e.invoiceId(), new InvoiceHistory.Movement(day,
                    InvoiceHistory.Kind.CORRECTION, BigDecimal.ZERO, e.outstanding()), e.amount()));
        }
        if (event instanceof InvoiceEvents.InvoiceDueDateChanged e) {
            return Optional.of(new DueDateMoved(e.invoiceId(), e.dueDate()));
        }
        if (event instanceof InvoiceEvents.InvoiceCancelled e) {
            return Optional.of(new Closed(e.invoiceId(), day));
        }
        if (event instanceof InvoiceEvents.InvoiceWrittenOff e) {
            return Optional.of(new Closed(e.invoiceId(), day));
        }
        if (event instanceof ReminderEvents.ReminderStepDue e) {
            boolean call = e.action() == PlanEvents.Action.CALL;
            return Optional.of(new Fired(e.reminderKey(), e.planId(), e.stepId(), e.stepName(), e.templateVariant(),
                    e.templateKey(), e.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList(),
                    call ? e.fireDate() : null));
        }
        if (event instanceof NotificationEvents.EmailSent e && e.audience() == NotificationEvents.Audience.CUSTOMER
                && e.reminderKey() != null) {
            return Optional.of(new Sent(e.reminderKey(), e.sentAt().atZone(ZoneOffset.UTC).toLocalDate(),
                    e.invoiceIds()));
        }
        if (event instanceof NotificationEvents.SmsSent e && e.reminderKey() != null) {
            return Optional.of(new Sent(e.reminderKey(), e.sentAt().atZone(ZoneOffset.UTC).toLocalDate(),
                    e.invoiceIds()));
        }
        if (event instanceof NotificationEvents.LetterReady e && e.reminderKey() != null) {
            return Optional.of(new Sent(e.reminderKey(), e.fireDate() != null ? e.fireDate() : day, e.invoiceIds()));
        }
        if (event instanceof PlanEvents.PlanCreated e) {
            return Optional.of(new PlanNamed(e.planId(), e.name()));
        }
        if (event instanceof PlanEvents.PlanRevised e) {
            return Optional.of(new PlanNamed(e.planId(), e.name()));
        }
        return Optional.empty();
    }

    private Facts() {
    }
}
