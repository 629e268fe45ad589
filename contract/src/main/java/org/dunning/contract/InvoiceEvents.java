package org.dunning.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Published by invoice-service on {@link Topics#INVOICE_EVENTS}, keyed by {@code tenant/customerId}. */
public final class InvoiceEvents {

    /** A contact person of a customer who can receive reminders. */
    public record Contact(String name, String email, String phone, String role) {
    }

    public record CustomerRegistered(UUID customerId, String name, String language, String segment,
                                     List<Contact> contacts) implements IntegrationEvent {
    }

    public record InvoiceIssued(UUID invoiceId, UUID customerId, String number, LocalDate issueDate,
                                LocalDate dueDate, String currency, BigDecimal amount) implements IntegrationEvent {
    }

    private InvoiceEvents() {
    }
}
