package org.dunning.templates;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What a message is about, in raw values (dates, {@code BigDecimal} amounts): {@link MessageModel} formats them for
 * the language. {@code invoices} is one invoice for a per-invoice step, the invoices in scope for a grouped or
 * overview message (the first one is the oldest). {@code charges} is null when the tenant does not show fees.
 */
public record MessageData(String language, Customer customer, Contact contact, List<InvoiceLine> invoices,
                          List<CreditNoteLine> creditNotes, LateCharges.Settings charges, Sender tenant,
                          LocalDate today) {

    /** {@code address}: the billing address, null when the customer has none. */
    public record Customer(String name, String reference, PostalAddress address) {
        public Customer(String name, String reference) {
            this(name, reference, null);
        }
    }


    public record Contact(String name, String email) {
    }

    /** {@code paymentUrl}: where the customer pays it online (R8.1), null when none. */
    public record InvoiceLine(String number, LocalDate issueDate, LocalDate dueDate, LocalDate expectedPaymentDate,
                              String currency, BigDecimal amount, BigDecimal outstanding, long daysLate,
                              String paymentUrl) {
        public InvoiceLine(String number, LocalDate issueDate, LocalDate dueDate, LocalDate expectedPaymentDate,
                           String currency, BigDecimal amount, BigDecimal outstanding, long daysLate) {
            this(number, issueDate, dueDate, expectedPaymentDate, currency, amount, outstanding, daysLate, null);
        }
    }

    public record CreditNoteLine(String number, LocalDate issueDate, String currency, BigDecimal amount,
                                 BigDecimal open) {
    }

    /** {@code letterhead}: null when the tenant has not set one. */
    public record Sender(String name, String signature, PlanEvents.Letterhead letterhead) {
        public Sender(String name, String signature) {
            this(name, signature, null);
        }
    }

    public MessageData {
        invoices = invoices == null ? List.of() : List.copyOf(invoices);
        creditNotes = creditNotes == null ? List.of() : List.copyOf(creditNotes);
    }
}
