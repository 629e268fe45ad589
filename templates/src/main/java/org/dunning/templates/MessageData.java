package org.dunning.templates;

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
    public record Customer(String name, String reference, Address address) {
        public Customer(String name, String reference) {
            this(name, reference, null);
        }
    }

    /**
     * A postal address: an optional recipient line (a department, "Attn. …"), one to three street lines, the postal
     * code, the city, the region (state or province; where the post wants it, e.g. US and CA) and the country as
     * ISO 3166-1 alpha-2. {@link AddressLines} writes it as the post of its country reads it.
     */
    public record Address(String recipient, List<String> street, String postalCode, String city, String region,
                          String country) {
        public Address {
            street = street == null ? List.of() : List.copyOf(street);
        }
    }

    /**
     * What a letter shows of the sender (all optional): its legal name and address, a contact line, the registration
     * (court and number) and VAT ids, the bank account for the transfer, and a logo ({@code image/png} or
     * {@code image/svg+xml}).
     */
    public record Letterhead(String legalName, Address address, String contactLine, String registration, String vatId,
                             Bank bank, Logo logo) {
        public static final Letterhead NONE = new Letterhead(null, null, null, null, null, null, null);
    }

    /** The account a customer pays to: the IBAN as stored (no spaces), the BIC, the bank's and the holder's name. */
    public record Bank(String accountHolder, String iban, String bic, String bankName) {
    }

    public record Logo(String contentType, byte[] data) {
    }

    public record Contact(String name, String email) {
    }

    public record InvoiceLine(String number, LocalDate issueDate, LocalDate dueDate, LocalDate expectedPaymentDate,
                              String currency, BigDecimal amount, BigDecimal outstanding, long daysLate) {
    }

    public record CreditNoteLine(String number, LocalDate issueDate, String currency, BigDecimal amount,
                                 BigDecimal open) {
    }

    /** {@code letterhead}: null when the tenant has not set one. */
    public record Sender(String name, String signature, Letterhead letterhead) {
        public Sender(String name, String signature) {
            this(name, signature, null);
        }
    }

    public MessageData {
        invoices = invoices == null ? List.of() : List.copyOf(invoices);
        creditNotes = creditNotes == null ? List.of() : List.copyOf(creditNotes);
    }
}
