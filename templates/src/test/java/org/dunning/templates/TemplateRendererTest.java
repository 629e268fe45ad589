package org.dunning.templates;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    static final MessageData.Sender SENDER = new MessageData.Sender("Acme & Co", "Acme Buchhaltung");

    static MessageData one(String language, LateCharges.Settings charges) {
        return new MessageData(language, new MessageData.Customer("Muster <GmbH>", "C-1"),
                new MessageData.Contact("Erika", "erika@example.com"),
                List.of(new MessageData.InvoiceLine("R-1", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), null,
                        "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 21)),
                List.of(), charges, SENDER, TODAY);
    }

    @Test
    void german_amounts_and_dates_follow_the_locale() {
        var r = TemplateRenderer.render("Rechnung {invoice.number} vom {invoice.issueDate}",
                "<p>{invoice.outstanding} fällig am {invoice.dueDate}, {invoice.daysLate} Tage</p>", one("de", null));
        assertThat(r.subject()).isEqualTo("Rechnung R-1 vom 01.10.2026");
        assertThat(r.html()).isEqualTo("<p>1.234,56 € fällig am 31.10.2026, 21 Tage</p>");
    }

    @Test
    void english_amounts_and_dates_follow_the_locale() {
        var r = TemplateRenderer.render("Invoice {invoice.number}", "{invoice.outstanding} due {invoice.dueDate}",
                one("en", null));
        assertThat(r.html()).isEqualTo("€1,234.56 due Oct 31, 2026");
    }

    @Test
    void values_are_escaped_in_the_body_but_not_in_the_subject() {
        var r = TemplateRenderer.render("{customer.name}", "<b>{customer.name}</b> {tenant.name}", one("de", null));
        assertThat(r.subject()).isEqualTo("Muster <GmbH>");
        assertThat(r.html()).isEqualTo("<b>Muster &lt;GmbH&gt;</b> Acme &amp; Co");
    }

    @Test
    void grouped_messages_list_every_invoice_and_the_total() {
        var r = TemplateRenderer.render("{invoiceCount} Rechnungen",
                "{#for i in invoices}{i.number}: {i.outstanding} ({i_count});{/for} Summe {totalOutstanding}",
                SampleData.of("de", TODAY, null, SENDER));
        assertThat(r.subject()).isEqualTo("2 Rechnungen");
        assertThat(r.html()).isEqualTo("INV-2026-0042: 1.234,56 € (1);INV-2026-0057: 480,00 € (2); Summe 1.714,56 €");
    }

    @Test
    void fees_and_interest_are_shown_when_the_tenant_enables_them() {
        var charges = new LateCharges.Settings(true, new BigDecimal("40"), new BigDecimal("12.15"));
        var r = TemplateRenderer.render(null,
                "{#if fees.applies}{fees.flatFee} + {fees.interest} = {fees.total}; {fees.totalDue}{/if}",
                one("de", charges));
        // 1234.56 × 12.15% × 21 / 365 = 8.6305… → 8.63
        assertThat(r.html()).isEqualTo("40,00 € + 8,63 € = 48,63 €; 1.283,19 €");
        assertThat(TemplateRenderer.render(null, "{#if fees.applies}x{#else}none{/if}", one("de", null)).html())
                .isEqualTo("none");
    }

    @Test
    void conditions_on_days_late_work() {
        String body = "{#if invoice.daysLate > 14}firm{#else}friendly{/if}";
        assertThat(TemplateRenderer.check(null, body)).isEmpty();
        assertThat(TemplateRenderer.render(null, body, one("en", null)).html()).isEqualTo("firm");
    }

    @Test
    void every_listed_placeholder_passes_the_check_and_renders() {
        StringBuilder body = new StringBuilder();
        for (Placeholders.Path p : Placeholders.paths()) {
            if (p.path().contains("[]")) {
                continue;
            }
            body.append('{').append(p.path()).append("} ");
        }
        body.append("{#for c in creditNotes}{c.number} {c.issueDate} {c.amount} {c.open}{/for}");
        body.append("{#each invoices}{it.number} {it.flatFee} {it.interest}{/each}");
        assertThat(TemplateRenderer.check("{customer.name}", body.toString())).isEmpty();
        var r = TemplateRenderer.render("{customer.name}", body.toString(), SampleData.of("de", TODAY,
                new LateCharges.Settings(true, new BigDecimal("40"), new BigDecimal("8")), SENDER));
        assertThat(r.html()).contains("CN-2026-0007", "INV-2026-0057", "Acme Buchhaltung", "21.11.2026");
    }

    @Test
    void unknown_placeholders_are_rejected_with_the_line() {
        var problems = TemplateRenderer.check("Hallo {customer.nmae}", "a\n{invoce.number}\n{invoice.number.foo}");
        assertThat(problems).extracting(TemplateRenderer.Problem::part, TemplateRenderer.Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("subject",
                                "line 1: {customer.nmae}: unknown placeholder customer.nmae"),
                        org.assertj.core.groups.Tuple.tuple("body", "line 2: {invoce.number}: unknown placeholder invoce"),
                        org.assertj.core.groups.Tuple.tuple("body",
                                "line 3: {invoice.number.foo}: unknown placeholder invoice.number.foo"));
    }

    @Test
    void loop_aliases_exist_only_inside_their_loop_and_must_iterate_a_list() {
        assertThat(TemplateRenderer.check(null, "{#for i in invoices}{i.number}{/for}{i.number}"))
                .extracting(TemplateRenderer.Problem::message).containsExactly("line 1: {i.number}: unknown placeholder i");
        assertThat(TemplateRenderer.check(null, "{#for i in customer}{i.name}{/for}"))
                .extracting(TemplateRenderer.Problem::message).contains("line 1: {customer} is not a list");
        assertThat(TemplateRenderer.check(null, "{#for i in invoices}{i.bogus}{/for}"))
                .extracting(TemplateRenderer.Problem::message)
                .containsExactly("line 1: {i.bogus}: unknown placeholder i.bogus");
    }

    @Test
    void namespaces_methods_other_sections_and_syntax_errors_are_rejected() {
        assertThat(TemplateRenderer.check(null, "{str:concat('a')}")).hasSize(1);
        assertThat(TemplateRenderer.check(null, "{customer.name.toUpperCase()}")).hasSize(1);
        assertThat(TemplateRenderer.check(null, "{#include other /}")).hasSize(1);
        assertThat(TemplateRenderer.check(null, "{#if x}")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("does not parse"));
    }

    @Test
    void an_unchecked_template_fails_to_render_with_a_clear_error() {
        assertThatThrownBy(() -> TemplateRenderer.render(null, "{nothing}", one("de", null)))
                .isInstanceOf(TemplateRenderer.RenderFailed.class);
    }

    @Test
    void no_charges_on_an_invoice_not_late() {
        var s = new LateCharges.Settings(true, new BigDecimal("40"), new BigDecimal("10"));
        assertThat(LateCharges.of(s, "EUR", new BigDecimal("100"), 0).total()).isEqualByComparingTo("0");
        assertThat(LateCharges.of(s, "JPY", new BigDecimal("100000"), 365).interest()).isEqualTo(new BigDecimal("10000"));
    }
}
