package org.dunning.invoice.domain;

import org.dunning.contract.InboundFacts;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's decision on a batch of inbound facts, without a database. */
class InboundLedgerTest {

    static final String T = "acme";
    static final LocalDate ISSUED = LocalDate.of(2026, 11, 2);
    static final InboundLedger.Known NOTHING = new InboundLedger.Known(Map.of(), Map.of(), Map.of(), Set.of(),
            Set.of());

    static InboundFacts.CustomerUpserted customer(String id, long version, String name) {
        return new InboundFacts.CustomerUpserted(T, "erp", id, version, name, "de", null, List.of());
    }

    static InboundFacts.InvoiceUpserted invoice(String id, long version, String customer, String number, String amount) {
        return new InboundFacts.InvoiceUpserted(T, "erp", id, version, customer, number, ISSUED, ISSUED.plusDays(14),
                "EUR", new BigDecimal(amount));
    }

    static InboundFacts.PaymentReceived payment(String id, String invoice, String amount) {
        return new InboundFacts.PaymentReceived(T, "erp", id, 1L, invoice, new BigDecimal(amount), ISSUED.plusDays(3));
    }

    static Supplier<UUID> ids() {
        AtomicInteger n = new AtomicInteger();
        return () -> new UUID(0, n.incrementAndGet());
    }

    @Test
    void aCustomerItsInvoiceAndAPaymentInOneBatchBecomeOneRowEachInTheOrderTheyCame() {
        InboundLedger.Decision d = InboundLedger.decide(List.of(customer("C1", 1, "Acme"),
                invoice("I1", 1, "C1", "R-1", "100.00"), payment("P1", "I1", "40.00")), NOTHING, ids());

        assertThat(d.refused()).isEmpty();
        assertThat(d.appends()).extracting(InboundLedger.Append::stream, InboundLedger.Append::expectedVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customer-" + new UUID(0, 1), 0L),
                        org.assertj.core.groups.Tuple.tuple("invoice-" + new UUID(0, 2), 0L),
                        org.assertj.core.groups.Tuple.tuple("invoice-" + new UUID(0, 2), 1L));
        assertThat(d.customers()).singleElement().satisfies(c -> assertThat(c.created()).isTrue());
        assertThat(d.invoices()).singleElement().satisfies(i -> {
            assertThat(i.created()).isTrue();
            assertThat(i.number()).isEqualTo("R-1");
            assertThat(i.state().outstanding()).isEqualByComparingTo("60");
            assertThat(i.state().status()).isEqualTo(Invoices.Status.PARTIALLY_PAID);
            assertThat(i.state().version()).isEqualTo(2);
        });
        assertThat(d.refs()).hasSize(3);
    }

    @Test
    void aRefusedFactLeavesNoTraceAndWhatDependsOnItIsRefusedToo() {
        InboundLedger.Decision d = InboundLedger.decide(List.of(
                customer("C1", 1, " "),                         // no name: refused
                invoice("I1", 1, "C1", "R-1", "100.00"),        // its customer is not known
                customer("C2", 1, "Beta"),
                invoice("I2", 1, "C2", "R-2", "10.00"),
                invoice("I3", 1, "C2", "R-2", "20.00")),        // the number is taken by I2
                NOTHING, ids());

        assertThat(d.refused()).containsOnlyKeys(0, 1, 4);
        assertThat(d.refused().get(0)).isInstanceOf(ValidationFailed.class).hasMessageContaining("name");
        assertThat(d.refused().get(1)).isInstanceOf(ValidationFailed.class).hasMessageContaining("customerExternalId");
        assertThat(d.refused().get(4)).isInstanceOf(Conflict.class).hasMessageContaining("R-2");
        assertThat(d.customers()).singleElement().satisfies(c -> assertThat(c.state().details().name())
                .isEqualTo("Beta"));
        assertThat(d.invoices()).extracting(InboundLedger.Written::number).containsExactly("R-2");
        assertThat(d.refs().keySet()).extracting(InboundLedger.RefKey::externalId).containsExactlyInAnyOrder("C2", "I2");
    }

    @Test
    void aVersionAtOrBelowTheAppliedOneChangesNothingAndALaterOneChangesTheLoadedState() {
        UUID customerId = UUID.randomUUID();
        UUID invoiceId = UUID.randomUUID();
        Invoices.State loaded = Invoices.replay(Invoices.decide(new Invoices.IssueInvoice(invoiceId, customerId, "R-1",
                ISSUED, ISSUED.plusDays(14), "EUR", new BigDecimal("100")), Invoices.State.NONE));
        InboundLedger.Known known = new InboundLedger.Known(Map.of(
                new InboundLedger.RefKey(T, "erp", "invoice", "I1"), new InboundLedger.Ref(invoiceId, 3)),
                Map.of(invoiceId, loaded), Map.of(), Set.of(List.of(T, "R-1")), Set.of());

        InboundLedger.Decision d = InboundLedger.decide(List.of(invoice("I1", 3, "C1", "R-1", "90.00"),
                invoice("I1", 4, "C1", "R-1", "80.00"), invoice("I1", 2, "C1", "R-1", "70.00")), known, ids());

        assertThat(d.refused()).isEmpty();
        assertThat(d.appends()).singleElement().satisfies(a -> {
            assertThat(a.expectedVersion()).isEqualTo(1);
            assertThat(a.events()).singleElement().isInstanceOf(InvoiceEvent.AmountChanged.class);
        });
        assertThat(d.invoices()).singleElement().satisfies(i -> {
            assertThat(i.created()).isFalse();
            assertThat(i.state().amount()).isEqualByComparingTo("80");
        });
        assertThat(d.refs().values()).extracting(InboundLedger.Ref::lastVersion).containsExactly(4L);
    }

    @Test
    void aCreditNoteIsAllocatedToInvoicesOfTheSameBatch() {
        InboundFacts.CreditNoteIssued note = new InboundFacts.CreditNoteIssued(T, "erp", "G1", 1L, "C1", "GS-1",
                ISSUED, "EUR", new BigDecimal("50"), List.of(new InboundFacts.Allocation("I1", new BigDecimal("30"))));

        InboundLedger.Decision d = InboundLedger.decide(List.of(customer("C1", 1, "Acme"),
                invoice("I1", 1, "C1", "R-1", "100.00"), note), NOTHING, ids());

        assertThat(d.refused()).isEmpty();
        assertThat(d.creditNotes()).singleElement().satisfies(n -> {
            assertThat(n.state().state().unallocated()).isEqualByComparingTo("20");
            assertThat(n.state().state().version()).isEqualTo(2);
        });
        assertThat(d.invoices()).singleElement().satisfies(i -> assertThat(i.state().outstanding())
                .isEqualByComparingTo("70"));
        assertThat(d.appends()).extracting(InboundLedger.Append::stream).containsExactly("customer-" + new UUID(0, 1),
                "invoice-" + new UUID(0, 2), "credit-note-" + new UUID(0, 3), "invoice-" + new UUID(0, 2),
                "credit-note-" + new UUID(0, 3));
    }
}
