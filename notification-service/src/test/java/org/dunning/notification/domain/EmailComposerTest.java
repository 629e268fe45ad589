package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmailComposerTest {

    static final List<PlanEvents.TemplateVariant> VARIANTS = List.of(
            new PlanEvents.TemplateVariant("de", "Zahlungserinnerung: Rechnung {invoice.number}",
                    "<p>Guten Tag {contact.name},</p><p>{invoice.outstanding} seit {invoice.dueDate}"
                            + "{#if fees.applies} + {fees.total}{/if}</p><p>{tenant.signature}</p>"),
            new PlanEvents.TemplateVariant("en", "Payment reminder: invoice {invoice.number}",
                    "<p>{invoice.outstanding} since {invoice.dueDate}</p>"));

    static ReminderEvents.ReminderStepDue due(String language, List<ReminderEvents.Recipient> to) {
        return ReminderEvents.ReminderStepDue.perInvoice("k", UUID.randomUUID(), 1, UUID.randomUUID(), "1st",
                PlanEvents.Action.AUTO_EMAIL, "friendly",
                new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", language, to),
                List.of(new ReminderEvents.InvoiceRef(UUID.randomUUID(), "INV-7", LocalDate.of(2026, 11, 7),
                        LocalDate.of(2026, 11, 21), "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 3)),
                LocalDate.of(2026, 11, 24), Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void german_customers_read_german_numbers_dates_charges_and_the_signature() {
        PlanEvents.TenantSettingsChanged settings = new PlanEvents.TenantSettingsChanged(1, LocalTime.of(9, 0),
                "Europe/Paris", LocalTime.of(13, 0), "Europe/Paris", false, null, 0,
                new PlanEvents.LateChargeSettings(true, new BigDecimal("40"), new BigDecimal("10")), "Acme",
                "Ihre Buchhaltung");
        EmailComposer.Email m = EmailComposer.compose(due("de", List.of(ReminderEvents.Recipient.contact("Anna Berg",
                "anna@berg.example", null, "accounting"))), VARIANTS, settings);
        assertThat(m.subject()).isEqualTo("Zahlungserinnerung: Rechnung INV-7");
        // 1234.56 × 10% × 3 / 365 = 1.01
        assertThat(m.html()).isEqualTo("<p>Guten Tag Anna Berg,</p><p>1.234,56 € seit 21.11.2026 + 41,01 €</p>"
                + "<p>Ihre Buchhaltung</p>");
        assertThat(m.text()).isEqualTo("Guten Tag Anna Berg,\n1.234,56 € seit 21.11.2026 + 41,01 €\nIhre Buchhaltung");
        assertThat(m.recipients()).containsExactly("anna@berg.example");
    }

    @Test
    void english_is_the_fallback_and_contacts_without_address_are_left_out() {
        EmailComposer.Email m = EmailComposer.compose(due("fi", List.of(
                ReminderEvents.Recipient.contact("No Mail", null, "+49", null),
                ReminderEvents.Recipient.contact("B", "b@berg.example", null, null))), VARIANTS, null);
        assertThat(m.language()).isEqualTo("en");
        assertThat(m.subject()).isEqualTo("Payment reminder: invoice INV-7");
        assertThat(m.html()).isEqualTo("<p>€1,234.56 since Nov 21, 2026</p>");
        assertThat(m.recipients()).containsExactly("b@berg.example");
    }

    @Test
    void the_plain_text_breaks_lines_at_block_ends_and_tabs_cells_and_drops_other_tags() {
        assertThat(EmailComposer.text("<h1>Reminder</h1><P>Dear <b>Anna</b>,<BR/>please pay:</P>"
                + "<table><tr><td>INV-7</td><TH>1,234.56 &amp; fees</th></tr></table>"
                + "<ul><li>a &lt;b&gt; &quot;c&quot; &#39;d&#39;&nbsp;e</li></ul><br ><a href=\"x\">link</a>"))
                .isEqualTo("Reminder\nDear Anna,\nplease pay:\nINV-7\t1,234.56 & fees\n\na <b> \"c\" 'd' e\n\nlink");
    }

    /** The plain text as four regular-expression passes made it before the scan by hand: the reference. */
    static String byPatterns(String html) {
        String t = java.util.regex.Pattern.compile("<[^>]+>").matcher(html).replaceAll(m -> {
            String tag = m.group();
            return tag.length() > 2 && (tag.charAt(1) == '/' || tag.charAt(1) == 'b' || tag.charAt(1) == 'B')
                    ? tag.matches("(?i)<br\\s*/?>") || tag.matches("(?i)</(p|div|h[1-6]|tr|table|li|ul)>") ? "\n"
                    : tag.matches("(?i)</t[dh]>") ? "\t" : "" : "";
        });
        t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        t = t.replaceAll("[ \\t]*\n[ \\t]*", "\n");
        return t.replaceAll("\n{3,}", "\n\n").trim();
    }

    @Test
    void the_plain_text_is_what_the_pattern_passes_made_of_any_html() {
        String[] parts = {"<p>", "</p>", "<br>", "<BR />", "</td>", "</TH>", "<b>", "</b>", "<>", "<", ">", " ",
                "\t", "\n", "a", "é", "&amp;", "&lt;", "&nbsp;", "</li>", "<a href=\"x\">", "</div>", "\n\n\n",
                "</h2>", "<br/ >", "x y"};
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder html = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                html.append(parts[random.nextInt(parts.length)]);
            }
            assertThat(EmailComposer.text(html.toString())).as(html.toString()).isEqualTo(byPatterns(html.toString()));
        }
    }
}
