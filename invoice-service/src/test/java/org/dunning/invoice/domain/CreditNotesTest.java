package org.dunning.invoice.domain;

import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditNotesTest {

    static final UUID CUSTOMER = UUID.randomUUID();
    static final UUID INVOICE = UUID.randomUUID();

    static CreditNotes.State issued(String amount) {
        return CreditNotes.replay(CreditNotes.decide(new CreditNotes.IssueCreditNote(UUID.randomUUID(), CUSTOMER,
                "GS-1", LocalDate.of(2026, 11, 20), "EUR", new BigDecimal(amount)), CreditNotes.State.NONE));
    }

    @Test
    void aCreditNoteIsAllocatedUntilNothingIsLeft() {
        List<CreditNotes.Event> first = CreditNotes.decide(new CreditNotes.Allocate(INVOICE, CUSTOMER, "EUR",
                new BigDecimal("200")), issued("300"));
        assertThat(first).containsExactly(new CreditNotes.CreditNoteAllocated(INVOICE, new BigDecimal("200.00"),
                new BigDecimal("100.00")));
        CreditNotes.State left = CreditNotes.evolve(issued("300"), first.get(0));
        assertThatThrownBy(() -> CreditNotes.decide(new CreditNotes.Allocate(INVOICE, CUSTOMER, "EUR",
                new BigDecimal("100.01")), left)).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void onlyInvoicesOfTheSameCustomerAndCurrencyTakeIt() {
        assertThatThrownBy(() -> CreditNotes.decide(new CreditNotes.Allocate(INVOICE, UUID.randomUUID(), "EUR",
                BigDecimal.ONE), issued("10"))).isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> CreditNotes.decide(new CreditNotes.Allocate(INVOICE, CUSTOMER, "CHF",
                BigDecimal.ONE), issued("10"))).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void aCreditLowersWhatTheInvoiceOwes() {
        Invoices.State invoice = Invoices.replay(List.of(new InvoiceEvent.InvoiceIssued(INVOICE, CUSTOMER, "R-1",
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("100.00"))));
        UUID note = UUID.randomUUID();
        assertThat(Invoices.decide(new Invoices.ApplyCredit(note, new BigDecimal("100")), invoice))
                .containsExactly(new InvoiceEvent.CreditApplied(note, new BigDecimal("100.00"),
                        new BigDecimal("0.00"), Invoices.Status.PAID));
        assertThatThrownBy(() -> Invoices.decide(new Invoices.AttachDocument("file:///etc/passwd"), invoice))
                .isInstanceOf(ValidationFailed.class);
    }
}
