package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.contract.ReminderEvents;
import org.dunning.templates.LetterLayout;
import org.dunning.templates.MessageData;
import org.dunning.templates.TemplateRenderer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A letter (R2.4): the step's letter template rendered like an e-mail (one invoice, or the table of a grouped
 * step), laid out for a window envelope with the tenant's letterhead and the customer's billing address
 * ({@link LetterLayout}) and printed to PDF. A customer without an address gets no letter: {@link #problem} says why.
 * Pure: no framework.
 */
public final class Letters {

    public record Letter(String language, String title, String html, byte[] pdf, int pages) {
    }

    /** What the post needs and the letter lacks, or null when it can be printed. */
    public static String problem(PostalAddress address) {
        return address == null ? "the customer has no postal address (billingAddress): add it, then post the letter"
                : null;
    }

    /** {@code reference}: the customer's number in the tenant's ERP (null: none). */
    public static Letter compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                 PlanEvents.TenantSettingsChanged settings, PostalAddress address, String reference) {
        return compose(due, variants, settings, address, reference, Map.of());
    }

    /** {@code paymentLinks}: where the customer pays each invoice online (R8.1), by invoice id. */
    public static Letter compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                 PlanEvents.TenantSettingsChanged settings, PostalAddress address, String reference,
                                 Map<UUID, String> paymentLinks) {
        PlanEvents.TemplateVariant v = EmailComposer.variant(variants, due.customer().language());
        MessageData base = EmailComposer.data(v.language(), due, due.invoices(), null, settings, paymentLinks);
        MessageData data = new MessageData(base.language(), new MessageData.Customer(due.customer().name(), reference,
                address), null, base.invoices(), base.creditNotes(), base.charges(), base.tenant(), base.today());
        TemplateRenderer.Rendered r = TemplateRenderer.render(v.subject(), v.body(), data);
        LetterLayout.Printed printed = LetterLayout.print(r, data);
        return new Letter(v.language(), r.subject(), printed.html(), printed.pdf(), printed.pages());
    }

    private Letters() {
    }
}
