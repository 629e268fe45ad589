package org.dunning.plan.rest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.plan.client.LedgerClient;
import org.dunning.plan.domain.TenantSettings;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.templates.LateCharges;
import org.dunning.contract.PlanEvents;
import org.dunning.templates.LetterLayout;
import org.dunning.templates.SmsText;
import org.dunning.templates.MessageData;
import org.dunning.templates.SampleData;
import org.dunning.templates.TemplateRenderer;

import org.dunning.platform.domain.Violations;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Renders template previews with the shared renderer of the {@code templates} module — the code notification-service
 * sends with — on sample data or on a real invoice read from invoice-service, with the tenant's settings (today in
 * its time zone, late charges, signature).
 */
@ApplicationScoped
public class Previews {

    /**
     * What a preview shows: the language used, the rendered subject and HTML body (a text message: the rendered
     * {@code text} and how it is sent, {@code sms}: its encoding, length and parts, R8.2), and which data it used.
     */
    public record Preview(String language, String subject, String html, String data, String text,
                          SmsText.Segments sms) {
    }

    private static final Set<String> OPEN = Set.of("OPEN", "PARTIALLY_PAID");

    private final ActivationRepository activation;
    private final LedgerClient ledger;
    private final Clock clock;

    public Previews(ActivationRepository activation, LedgerClient ledger, Clock clock) {
        this.activation = activation;
        this.ledger = ledger;
        this.clock = clock;
    }

    public Uni<Preview> render(String tenant, String authorization, String language, UUID invoiceId,
                               PlanEvents.TemplateKind kind, Function<String, TemplateVariant> variantFor) {
        return prepare(tenant, authorization, language, invoiceId, variantFor).map(p -> {
            if (kind == PlanEvents.TemplateKind.SMS) {
                String text = TemplateRenderer.renderText(p.variant().body(), p.data());
                return new Preview(p.variant().language(), null, null, p.source(), text, SmsText.of(text));
            }
            TemplateRenderer.Rendered r = TemplateRenderer.render(p.variant().subject(), p.variant().body(), p.data());
            return new Preview(p.variant().language(), r.subject(), r.html(), p.source(), null, null);
        });
    }

    /**
     * The template printed as a letter (R2.4): laid out for the customer's window envelope with the tenant's
     * letterhead, on the sample (a customer with an address) or on a real invoice, as PDF or as a PNG of its first
     * page. Printing takes a worker thread, not the event loop.
     */
    public Uni<LetterLayout.Printed> letter(String tenant, String authorization, String language, UUID invoiceId,
                                            Function<String, TemplateVariant> variantFor) {
        return prepare(tenant, authorization, language, invoiceId, variantFor)
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .map(p -> LetterLayout.print(TemplateRenderer.render(p.variant().subject(), p.variant().body(),
                        p.data()), p.data()));
    }

    /** The template variant to render, the data to render it with, and which data that is. */
    private record Prepared(TemplateVariant variant, MessageData data, String source) {
    }

    private Uni<Prepared> prepare(String tenant, String authorization, String language, UUID invoiceId,
                                  Function<String, TemplateVariant> variantFor) {
        new Violations().check(language == null || language.isBlank()
                        || java.util.Set.of(java.util.Locale.getISOLanguages()).contains(language.trim()), "language",
                "an ISO 639-1 language code such as de or en").throwIfAny();
        return activation.settings(tenant).chain(state -> {
            TenantSettings s = state.settings();
            LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(s.timeZone())));
            LateCharges.Settings charges = new LateCharges.Settings(s.lateCharges().enabled(),
                    s.lateCharges().flatFee(), s.lateCharges().annualInterestRatePercent());
            MessageData.Sender sender = new MessageData.Sender(s.senderName(), s.signature(), s.letterhead());
            if (invoiceId == null) {
                String lang = language == null || language.isBlank() ? "en" : language.trim();
                TemplateVariant v = variantFor.apply(lang);
                return Uni.createFrom().item(new Prepared(v, SampleData.of(v.language(), today, charges, sender),
                        "sample"));
            }
            return ledger.invoice(authorization, invoiceId).chain(invoice -> ledger.customer(authorization,
                    invoice.customerId()).map(customer -> {
                        String lang = language != null && !language.isBlank() ? language.trim()
                                : customer.language() == null ? "en" : customer.language();
                        TemplateVariant v = variantFor.apply(lang);
                        return new Prepared(v, data(v.language(), invoice, customer, charges, sender, today),
                                "invoice " + invoice.number());
                    }));
        });
    }

    static MessageData data(String language, LedgerClient.Invoice i, LedgerClient.Customer c,
                            LateCharges.Settings charges, MessageData.Sender sender, LocalDate today) {
        long daysLate = OPEN.contains(i.status()) ? ChronoUnit.DAYS.between(i.dueDate(), today) : 0;
        LedgerClient.Contact contact = c.contacts() == null ? null : c.contacts().stream()
                .filter(x -> x.email() != null && !x.bounced()).findFirst().orElse(null);
        return new MessageData(language, new MessageData.Customer(c.name(), c.externalReference(), c.billingAddress()),
                contact == null ? null : new MessageData.Contact(contact.name(), contact.email()),
                List.of(new MessageData.InvoiceLine(i.number(), i.issueDate(), i.dueDate(), i.expectedPaymentDate(),
                        i.currency(), i.amount(), i.outstanding(), daysLate, i.paymentUrl())),
                List.of(), charges, sender, today);
    }
}
