package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.templates.Languages;
import org.dunning.templates.LateCharges;
import org.dunning.templates.MessageData;
import org.dunning.templates.TemplateRenderer;

import java.util.List;

/**
 * Composes the e-mail of a reminder: the step's template in the customer's language (else English, else the first
 * variant), rendered by the shared renderer of the {@code templates} module — the code plan-service previews with —
 * on the reminder's invoices and the tenant's settings. Pure: no framework.
 */
public final class EmailComposer {

    public record Email(String language, List<String> recipients, String subject, String html, String text) {
    }

    /** {@code settings} is null while the tenant has never changed its settings (defaults: no charges, no signature). */
    public static Email compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                PlanEvents.TenantSettingsChanged settings) {
        String language = Languages.choose(variants.stream().map(PlanEvents.TemplateVariant::language).toList(),
                due.customer().language());
        PlanEvents.TemplateVariant v = variants.stream().filter(x -> x.language().equals(language)).findFirst()
                .orElseThrow();
        List<ReminderEvents.Recipient> to = due.customer().recipients().stream()
                .filter(r -> r.email() != null && !r.email().isBlank()).toList();
        MessageData data = new MessageData(language,
                new MessageData.Customer(due.customer().name(), null),
                to.isEmpty() ? null : new MessageData.Contact(to.size() == 1 ? to.get(0).name() : null,
                        to.get(0).email()),
                due.invoices().stream().map(i -> new MessageData.InvoiceLine(i.number(), i.issueDate(), i.dueDate(),
                        null, i.currency(), i.amount(), i.outstanding(), i.daysLate())).toList(),
                due.creditNotes() == null ? List.of() : due.creditNotes().stream().map(c ->
                        new MessageData.CreditNoteLine(c.number(), c.issueDate(), c.currency(), c.amount(),
                                c.unallocated())).toList(),
                charges(settings),
                settings == null ? null : new MessageData.Sender(settings.senderName(), settings.signature()),
                due.fireDate());
        TemplateRenderer.Rendered r = TemplateRenderer.render(v.subject(), v.body(), data);
        return new Email(language, to.stream().map(ReminderEvents.Recipient::email).distinct().toList(), r.subject(),
                r.html(), text(r.html()));
    }

    private static LateCharges.Settings charges(PlanEvents.TenantSettingsChanged s) {
        if (s == null || s.lateCharges() == null) {
            return null;
        }
        return new LateCharges.Settings(s.lateCharges().enabled(), s.lateCharges().flatFee(),
                s.lateCharges().annualInterestRatePercent());
    }

    /** A plain-text alternative of the HTML body: block ends become line breaks, tags go, entities are decoded. */
    static String text(String html) {
        String t = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</(p|div|h[1-6]|tr|table)>", "\n")
                .replaceAll("(?i)</t[dh]>", "\t").replaceAll("<[^>]+>", "");
        t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        return t.replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\\n{3,}", "\n\n").trim();
    }

    private EmailComposer() {
    }
}
