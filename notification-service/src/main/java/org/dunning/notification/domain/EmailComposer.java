package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.templates.Languages;
import org.dunning.templates.LateCharges;
import org.dunning.templates.MessageData;
import org.dunning.templates.TemplateRenderer;
import org.jsoup.nodes.Entities;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Composes the messages of a reminder, rendered by the shared renderer of the {@code templates} module — the code
 * plan-service previews with — on the reminder's invoices and the tenant's settings. The customer's contacts get the
 * step's template in the customer's language (else English, else the first variant); the colleagues the step
 * addresses (R2.5) get a summary of every overdue invoice of the customer with its contacts' phone numbers, so they
 * can follow up themselves. Pure: no framework.
 */
public final class EmailComposer {

    // compiled once: String.replaceAll compiles its pattern on every call (a profile of the morning batch had it
    // among notification's top frames)
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)</(p|div|h[1-6]|tr|table|li|ul)>");
    private static final Pattern CELL_END = Pattern.compile("(?i)</t[dh]>");

    public record Email(String language, List<String> recipients, String subject, String html, String text) {
    }

    /** The built-in summary colleagues receive, per language; it uses only the placeholders templates may use. */
    private static final String INTERNAL_DE = "<p>Überfällige Rechnungen von <strong>{customer.name}</strong> "
            + "({invoiceCount}), Stand {today}:</p><table><tr><th>Rechnung</th><th>Rechnungsdatum</th><th>Fällig am</th>"
            + "<th>Tage überfällig</th><th>Betrag</th><th>Offen</th></tr>{#for i in invoices}<tr><td>{i.number}</td>"
            + "<td>{i.issueDate}</td><td>{i.dueDate}</td><td>{i.daysLate}</td><td>{i.amount}</td><td>{i.outstanding}</td>"
            + "</tr>{/for}</table><p>Gesamt offen: <strong>{totalOutstanding}</strong>{#if fees.applies}, Pauschalen "
            + "{fees.flatFee}, Zinsen {fees.interest}{/if}</p>";
    private static final String INTERNAL_EN = "<p>Overdue invoices of <strong>{customer.name}</strong> "
            + "({invoiceCount}) as of {today}:</p><table><tr><th>Invoice</th><th>Issued</th><th>Due</th>"
            + "<th>Days late</th><th>Amount</th><th>Outstanding</th></tr>{#for i in invoices}<tr><td>{i.number}</td>"
            + "<td>{i.issueDate}</td><td>{i.dueDate}</td><td>{i.daysLate}</td><td>{i.amount}</td><td>{i.outstanding}</td>"
            + "</tr>{/for}</table><p>Total outstanding: <strong>{totalOutstanding}</strong>{#if fees.applies}, fees "
            + "{fees.flatFee}, interest {fees.interest}{/if}</p>";

    /**
     * The customer's message: the step's template sent to the customer's contacts that have an address (none: the
     * list is empty). {@code settings} is null while the tenant has never changed its settings (no charges, no
     * signature).
     */
    public static Email compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                PlanEvents.TenantSettingsChanged settings) {
        return compose(due, variants, settings, Map.of());
    }

    /** {@code paymentLinks}: where the customer pays each invoice online (R8.1), by invoice id. */
    public static Email compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                PlanEvents.TenantSettingsChanged settings, Map<UUID, String> paymentLinks) {
        PlanEvents.TemplateVariant v = variant(variants, due.customer().language());
        String language = v.language();
        List<ReminderEvents.Recipient> to = addressed(due, false);
        MessageData data = data(language, due, due.invoices(), to.isEmpty() ? null : new MessageData.Contact(
                to.size() == 1 ? to.get(0).name() : null, to.get(0).email()), settings, paymentLinks);
        TemplateRenderer.Rendered r = TemplateRenderer.render(v.subject(), v.body(), data);
        return new Email(language, emails(to), r.subject(), r.html(), text(r.html()));
    }

    /**
     * The colleagues' message (R2.5): {@code overdue} is every overdue invoice of the customer known at firing
     * (the reminder's own invoices first), then the contacts to call.
     */
    public static Email internal(ReminderEvents.ReminderStepDue due, List<ReminderEvents.InvoiceRef> overdue,
                                 PlanEvents.TenantSettingsChanged settings) {
        String language = Languages.choose(List.of("de", "en"), due.customer().language());
        MessageData data = data(language, due, overdue, null, settings, Map.of());
        String subject = ("de".equals(language) ? "Mahnung „%s“ an %s: %d überfällige Rechnung(en)"
                : "Reminder \"%s\" to %s: %d overdue invoice(s)").formatted(due.stepName(), due.customer().name(),
                overdue.size());
        TemplateRenderer.Rendered r = TemplateRenderer.render("-", "de".equals(language) ? INTERNAL_DE : INTERNAL_EN,
                data);
        StringBuilder html = new StringBuilder(r.html());
        List<ReminderEvents.Recipient> contacts = due.customer().recipients().stream().filter(c -> !c.internal())
                .toList();
        if (!contacts.isEmpty()) {
            html.append("<p>").append("de".equals(language) ? "Ansprechpartner:" : "Contacts:").append("</p><ul>");
            for (ReminderEvents.Recipient c : contacts) {
                html.append("<li>").append(escape(c.name())).append(c.role() == null ? "" : " (" + escape(c.role()) + ")")
                        .append(c.phone() == null ? "" : ", " + escape(c.phone()))
                        .append(c.email() == null ? "" : ", " + escape(c.email())).append("</li>");
            }
            html.append("</ul>");
        }
        return new Email(language, emails(addressed(due, true)), subject, html.toString(), text(html.toString()));
    }

    /** The variant in the customer's language, else English, else the first one. */
    static PlanEvents.TemplateVariant variant(List<PlanEvents.TemplateVariant> variants, String wanted) {
        String language = Languages.choose(variants.stream().map(PlanEvents.TemplateVariant::language).toList(), wanted);
        return variants.stream().filter(x -> x.language().equals(language)).findFirst().orElseThrow();
    }

    static MessageData data(String language, ReminderEvents.ReminderStepDue due, List<ReminderEvents.InvoiceRef> invoices,
                            MessageData.Contact contact, PlanEvents.TenantSettingsChanged settings,
                            Map<UUID, String> paymentLinks) {
        return new MessageData(language, new MessageData.Customer(due.customer().name(), null), contact,
                invoices.stream().map(i -> new MessageData.InvoiceLine(i.number(), i.issueDate(), i.dueDate(),
                        null, i.currency(), i.amount(), i.outstanding(), i.daysLate(),
                        paymentLinks.get(i.invoiceId()))).toList(),
                due.creditNotes() == null ? List.of() : due.creditNotes().stream().map(c ->
                        new MessageData.CreditNoteLine(c.number(), c.issueDate(), c.currency(), c.amount(),
                                c.unallocated())).toList(),
                charges(settings),
                settings == null ? null : new MessageData.Sender(settings.senderName(), settings.signature(),
                        settings.letterhead()),
                due.fireDate());
    }

    /** The recipients with an address: the customer's contacts, or ({@code internal}) the colleagues. */
    static List<ReminderEvents.Recipient> addressed(ReminderEvents.ReminderStepDue due, boolean internal) {
        return due.customer().recipients().stream().filter(r -> r.internal() == internal)
                .filter(r -> r.email() != null && !r.email().isBlank()).toList();
    }

    private static List<String> emails(List<ReminderEvents.Recipient> to) {
        return to.stream().map(ReminderEvents.Recipient::email).distinct().toList();
    }

    private static LateCharges.Settings charges(PlanEvents.TenantSettingsChanged s) {
        if (s == null || s.lateCharges() == null) {
            return null;
        }
        return new LateCharges.Settings(s.lateCharges().enabled(), s.lateCharges().flatFee(),
                s.lateCharges().annualInterestRatePercent());
    }

    private static String escape(String s) {
        return Entities.escape(s);
    }

    /**
     * A plain-text alternative of the HTML body: block ends become line breaks, cell ends tabs, other tags go,
     * entities are decoded, blanks around line breaks go and no more than one empty line stays. Two scans by hand
     * (each e-mail's body is turned into text once; as a regular expression over the body, trying a match at each
     * character, it was 3 % of notification's CPU in a morning batch).
     */
    public static String text(String html) {
        StringBuilder tags = new StringBuilder(html.length());
        int at = 0;
        while (at < html.length()) {
            int open = html.indexOf('<', at);
            int close = open < 0 ? -1 : html.indexOf('>', open + 1);
            if (close < 0) {
                tags.append(html, at, html.length());
                break;
            }
            if (close == open + 1) {
                // "<>" is no tag: both characters stay
                tags.append(html, at, close);
                at = close;
                continue;
            }
            tags.append(html, at, open).append(tag(html.substring(open, close + 1)));
            at = close + 1;
        }
        String t = tags.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
        StringBuilder lines = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '\n') {
                lines.append(c);
                continue;
            }
            int end = lines.length();
            while (end > 0 && (lines.charAt(end - 1) == ' ' || lines.charAt(end - 1) == '\t')) {
                end--;
            }
            lines.setLength(end);
            if (end < 2 || lines.charAt(end - 1) != '\n' || lines.charAt(end - 2) != '\n') {
                lines.append('\n');
            }
            while (i + 1 < t.length() && (t.charAt(i + 1) == ' ' || t.charAt(i + 1) == '\t')) {
                i++;
            }
        }
        return lines.toString().trim();
    }

    /** What a tag becomes in the plain text: a line break, a tab or nothing. */
    private static String tag(String tag) {
        if (tag.length() <= 2 || (tag.charAt(1) != '/' && tag.charAt(1) != 'b' && tag.charAt(1) != 'B')) {
            return "";
        }
        return BREAK.matcher(tag).matches() || BLOCK_END.matcher(tag).matches() ? "\n"
                : CELL_END.matcher(tag).matches() ? "\t" : "";
    }

    private EmailComposer() {
    }
}
