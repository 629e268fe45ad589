package org.dunning.templates;

import org.dunning.contract.PostalAddress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The sample a template preview uses when no real invoice is given: a customer with a billing address (in Munich for
 * German, in London for English), two late invoices, one credit note.
 */
public final class SampleData {

    public static MessageData of(String language, LocalDate today, LateCharges.Settings charges,
                                 MessageData.Sender tenant) {
        boolean de = "de".equals(language);
        return new MessageData(language,
                new MessageData.Customer(de ? "Muster GmbH" : "Sample Ltd", "C-10042", de
                        ? new PostalAddress("Buchhaltung", List.of("Musterstraße 12"), "80331", "München", null, "DE")
                        : new PostalAddress("Accounts Payable", List.of("1 Sample Street"), "SW1A 1AA", "London", null,
                        "GB")),
                new MessageData.Contact(de ? "Erika Mustermann" : "Jane Doe", "accounts@example.com"),
                List.of(new MessageData.InvoiceLine("INV-2026-0042", today.minusDays(44), today.minusDays(14), null,
                                "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 14,
                                "https://pay.example.com/i/INV-2026-0042"),
                        new MessageData.InvoiceLine("INV-2026-0057", today.minusDays(35), today.minusDays(5), null,
                                "EUR", new BigDecimal("980.00"), new BigDecimal("480.00"), 5)),
                List.of(new MessageData.CreditNoteLine("CN-2026-0007", today.minusDays(20), "EUR",
                        new BigDecimal("150.00"), new BigDecimal("150.00"))),
                charges, tenant, today);
    }

    private SampleData() {
    }
}
