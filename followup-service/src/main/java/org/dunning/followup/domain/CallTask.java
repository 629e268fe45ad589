package org.dunning.followup.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The call task a call step asks for: whom to call, at which numbers, about which invoices. Pure. */
public record CallTask(String title, List<Contact> contacts, List<Invoice> invoices, LocalDate dueDate) {

    public record Contact(String name, String phone, String email, String role) {
    }

    public record Invoice(java.util.UUID invoiceId, String number, LocalDate dueDate, String currency,
                          BigDecimal outstanding, long daysLate) {
    }

    /** A task for a CALL step; nothing for the other actions. */
    public static Optional<CallTask> from(ReminderEvents.ReminderStepDue due) {
        if (due.action() != PlanEvents.Action.CALL) {
            return Optional.empty();
        }
        String numbers = String.join(", ", due.invoices().stream().map(ReminderEvents.InvoiceRef::number).toList());
        return Optional.of(new CallTask(due.stepName() + ": call " + due.customer().name() + " about " + numbers,
                due.customer().recipients().stream().map(r -> new Contact(r.name(), r.phone(), r.email(), r.role())).toList(),
                due.invoices().stream().map(i -> new Invoice(i.invoiceId(), i.number(), i.dueDate(), i.currency(),
                        i.outstanding(), i.daysLate())).toList(),
                due.fireDate()));
    }
}
