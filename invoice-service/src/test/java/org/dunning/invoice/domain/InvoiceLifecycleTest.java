package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given the events of an invoice, when a command, then the events it decides (or its refusal). */
class InvoiceLifecycleTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 11, 1);
    static final LocalDate DUE = LocalDate.of(2026, 11, 15);

    static Invoices.State given(InvoiceEvent... events) {
        List<InvoiceEvent> all = new java.util.ArrayList<>();
        all.add(new InvoiceEvent.InvoiceIssued(UUID.randomUUID(), UUID.randomUUID(), "INV-1", ISSUED, DUE, "EUR",
                new BigDecimal("100.00")));
        all.addAll(List.of(events));
        return Invoices.replay(all);
    }

    static InvoiceEvent.PaymentRecorded paid(String ref, String amount, String outstanding, Invoices.Status status) {
        return new InvoiceEvent.PaymentRecorded(ref, new BigDecimal(amount), DUE, new BigDecimal(outstanding), status);
    }

    @Test
    void aPartialPaymentLowersTheOutstandingAmountAndAFullOnePaysTheInvoice() {
        List<InvoiceEvent> first = Invoices.decide(new Invoices.RecordPayment("P-1", new BigDecimal("40"), DUE), given());
        assertThat(first).containsExactly(paid("P-1", "40.00", "60.00", Invoices.Status.PARTIALLY_PAID));
        Invoices.State partly = given(first.get(0));
        assertThat(partly.outstanding()).isEqualByComparingTo("60");
        List<InvoiceEvent> second = Invoices.decide(new Invoices.RecordPayment("P-2", new BigDecimal("60"), DUE), partly);
        assertThat(second).containsExactly(paid("P-2", "60.00", "0.00", Invoices.Status.PAID));
    }

    @Test
    void theSamePaymentReferenceIsAppliedOnce() {
        Invoices.State partly = given(paid("P-1", "40.00", "60.00", Invoices.Status.PARTIALLY_PAID));
        assertThat(Invoices.decide(new Invoices.RecordPayment("P-1", new BigDecimal("40.00"), DUE), partly)).isEmpty();
        assertThatThrownBy(() -> Invoices.decide(new Invoices.RecordPayment("P-1", new BigDecimal("41"), DUE), partly))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void aPaymentAboveTheOutstandingAmountIsRefused() {
        assertThatThrownBy(() -> Invoices.decide(new Invoices.RecordPayment("P-1", new BigDecimal("100.01"), DUE), given()))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field).containsExactly("amount"));
    }

    @Test
    void aCancelledInvoiceTakesNoPaymentAndOwesNothing() {
        Invoices.State cancelled = given(new InvoiceEvent.InvoiceCancelled("duplicate"));
        assertThat(cancelled.outstanding()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> Invoices.decide(new Invoices.RecordPayment("P-1", BigDecimal.ONE, DUE), cancelled))
                .isInstanceOf(Conflict.class);
        assertThat(Invoices.decide(new Invoices.Cancel("again"), cancelled)).isEmpty();
    }

    @Test
    void theDueDateMovesButNotBeforeTheIssueDate() {
        assertThat(Invoices.decide(new Invoices.ChangeDueDate(LocalDate.of(2026, 12, 1)), given()))
                .containsExactly(new InvoiceEvent.DueDateChanged(LocalDate.of(2026, 12, 1)));
        assertThatThrownBy(() -> Invoices.decide(new Invoices.ChangeDueDate(ISSUED.minusDays(1)), given()))
                .isInstanceOf(ValidationFailed.class);
    }

    @Test
    void theAmountCannotGoBelowWhatWasPaid() {
        Invoices.State partly = given(paid("P-1", "40.00", "60.00", Invoices.Status.PARTIALLY_PAID));
        assertThatThrownBy(() -> Invoices.decide(new Invoices.ChangeAmount(new BigDecimal("39")), partly))
                .isInstanceOf(ValidationFailed.class);
        assertThat(Invoices.decide(new Invoices.ChangeAmount(new BigDecimal("40")), partly)).containsExactly(
                new InvoiceEvent.AmountChanged(new BigDecimal("40.00"), new BigDecimal("0.00"), Invoices.Status.PAID));
    }

    @Test
    void aDisputeOpensOnceAndResolves() {
        List<InvoiceEvent> opened = Invoices.decide(new Invoices.OpenDispute("wrong quantity"), given());
        assertThat(opened).containsExactly(new InvoiceEvent.DisputeOpened("wrong quantity"));
        Invoices.State disputed = given(opened.get(0));
        assertThat(disputed.disputed()).isTrue();
        assertThat(Invoices.decide(new Invoices.OpenDispute("again"), disputed)).isEmpty();
        assertThat(Invoices.decide(new Invoices.ResolveDispute("credited"), disputed))
                .containsExactly(new InvoiceEvent.DisputeResolved("credited"));
    }

    @Test
    void aPromiseToPayIsSetAndCleared() {
        LocalDate promised = LocalDate.of(2026, 12, 10);
        Invoices.State promisedState = given(new InvoiceEvent.ExpectedPaymentDateSet(promised));
        assertThat(promisedState.expectedPaymentDate()).isEqualTo(promised);
        assertThat(Invoices.decide(new Invoices.SetExpectedPaymentDate(null), promisedState))
                .containsExactly(new InvoiceEvent.ExpectedPaymentDateCleared());
    }
}
