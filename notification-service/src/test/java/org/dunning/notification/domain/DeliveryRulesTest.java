package org.dunning.notification.domain;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-check (R7.8), the retry rules (R7.5), the colleagues' summary (R2.5) and the letter (R2.4), without Quarkus. */
class DeliveryRulesTest {

    final UUID a = UUID.randomUUID();
    final UUID b = UUID.randomUUID();
    final UUID c = UUID.randomUUID();

    @Test
    void theRecheckKeepsWhatMayStillBeRemindedAndSaysWhyTheOthersNot() {
        Recheck.Verdict v = Recheck.of(List.of(a, b, c), Map.of(
                a, new Recheck.InvoiceState(a, "RE-1", "PAID", false, false),
                b, new Recheck.InvoiceState(b, "RE-2", "PARTIALLY_PAID", false, false)));
        assertThat(v.remindable()).containsExactly(b, c); // c is not known here yet: remindable
        assertThat(v.reason()).isEqualTo("invoice RE-1 was paid");
        assertThat(Recheck.of(List.of(a, b), Map.of(
                a, new Recheck.InvoiceState(a, "RE-1", "OPEN", true, false),
                b, new Recheck.InvoiceState(b, "RE-2", "OPEN", false, true))).reason())
                .isEqualTo("invoice RE-1 is disputed; invoice RE-2 was switched off for reminders");
        assertThat(Recheck.of(List.of(a), Map.of(a, new Recheck.InvoiceState(a, "RE-1", "CANCELLED", false, false)))
                .nothingLeft()).isTrue();
    }

    @Test
    void fiveHundredRepliesArePermanentAndRetriesDoubleUpToTheirLimit() {
        assertThat(Delivery.permanent(550)).isTrue();
        assertThat(Delivery.permanent(451)).isFalse();
        assertThat(Delivery.permanent(null)).isFalse();
        assertThat(Delivery.retryAfter(1, Duration.ofSeconds(30), Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Delivery.retryAfter(3, Duration.ofSeconds(30), Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(2));
        assertThat(Delivery.retryAfter(12, Duration.ofSeconds(30), Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    ReminderEvents.ReminderStepDue due(String language) {
        return new ReminderEvents.ReminderStepDue("k", UUID.randomUUID(), 1, UUID.randomUUID(), "Final notice",
                PlanEvents.Action.LETTER, "final", new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", language,
                List.of(ReminderEvents.Recipient.contact("Anna Berg", "anna@berg.example", "+49 30 1234", "accounting"),
                        new ReminderEvents.Recipient("Paul Kern", "paul@dunning.example", null, null, true))),
                List.of(new ReminderEvents.InvoiceRef(a, "RE-1", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15),
                        "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 47)),
                LocalDate.of(2026, 12, 1), Instant.parse("2026-12-01T08:00:00Z"),
                PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of());
    }

    @Test
    void colleaguesGetTheSummaryAndTheContactsThemselvesAreNotInTheCustomersMail() {
        ReminderEvents.ReminderStepDue due = due("de");
        EmailComposer.Email customer = EmailComposer.compose(due, List.of(new PlanEvents.TemplateVariant("de",
                "Mahnung {invoice.number}", "<p>{invoice.outstanding}</p>")), null);
        assertThat(customer.recipients()).containsExactly("anna@berg.example");
        EmailComposer.Email internal = EmailComposer.internal(due, due.invoices(), null);
        assertThat(internal.recipients()).containsExactly("paul@dunning.example");
        assertThat(internal.subject()).isEqualTo("Mahnung „Final notice“ an Berg GmbH: 1 überfällige Rechnung(en)");
        assertThat(internal.text()).contains("RE-1", "15.10.2026", "47", "1.234,56 €", "Anna Berg (accounting), +49 30 1234");
    }

    @Test
    void aLetterIsAOnePagePdfWithItsText() throws Exception {
        org.dunning.contract.PostalAddress address = new org.dunning.contract.PostalAddress(null,
                List.of("Hauptstraße 1"), "10115", "Berlin", null, "DE");
        assertThat(Letters.problem(null)).contains("no postal address");
        assertThat(Letters.problem(address)).isNull();
        Letters.Letter letter = Letters.compose(due("en"), List.of(new PlanEvents.TemplateVariant("en", "Final notice",
                "<p>{customer.name}</p><table>{#for i in invoices}<tr><td>{i.number}</td><td>{i.outstanding}</td></tr>"
                        + "{/for}</table><p>Total: {totalOutstanding}</p>")), null, address, "K-7");
        assertThat(letter.pages()).isEqualTo(1);
        assertThat(letter.title()).isEqualTo("Final notice");
        try (PDDocument d = Loader.loadPDF(letter.pdf())) {
            assertThat(new PDFTextStripper().getText(d)).contains("Berg GmbH", "RE-1", "€1,234.56", "Total: €1,234.56",
                    "Hauptstraße 1", "10115 Berlin", "K-7");
        }
    }
}
