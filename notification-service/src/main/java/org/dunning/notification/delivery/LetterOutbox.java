package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.Letters;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.notification.postal.PostalConfig;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Renders the letter of a LETTER step (R2.4) as a PDF, stores it and publishes {@code LetterReady} (follow-up makes
 * the send-letter task) in the caller's transaction. One letter per reminder key. With the postal adapter on, the
 * letter waits for {@link org.dunning.notification.postal.PostalDispatcher} to hand it to the provider.
 */
@ApplicationScoped
public class LetterOutbox {

    private final Clock clock;
    private final Published published;
    private final PostalConfig postal;

    public LetterOutbox(Clock clock, Published published, PostalConfig postal) {
        this.clock = clock;
        this.published = published;
        this.postal = postal;
    }

    /**
     * True if the letter was made, false if this reminder made one before. {@code traceParent}: the trace of the step
     * (null: none), kept with the letter for its hand-over to the postal provider and given to its LetterReady.
     */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due, String traceParent) {
        UUID id = UUID.randomUUID();
        List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT 1 FROM letters WHERE reminder_key = :k",
                        Object.class).setParameter("k", due.reminderKey()).getResultList()
                .chain(handled -> !handled.isEmpty() ? Uni.createFrom().item(false)
                        : TenantData.template(s, tenant, due.templateKey(), PlanEvents.TemplateKind.LETTER)
                        .chain(variants -> TenantData.settings(s, tenant).map(settings ->
                                Letters.compose(due, variants, settings)))
                        .chain(letter -> s.createNativeQuery("INSERT INTO letters (id, tenant_id, reminder_key, "
                                        + "customer_id, customer_name, invoice_ids, step_name, title, language, pages, pdf, "
                                        + "created_at, postal_status, postal_next_at, trace_parent) VALUES (:id, :t, :k, :c, :cn, "
                                        + "cast(:ids as uuid[]), :step, :title, :lang, :pages, :pdf, :at, :postal, :at, "
                                        + "cast(:tp as text)) ON CONFLICT (reminder_key) DO NOTHING")
                                .setParameter("tp", traceParent)
                                .setParameter("postal", postal.enabled() ? "PENDING" : null)
                                .setParameter("id", id).setParameter("t", tenant).setParameter("k", due.reminderKey())
                                .setParameter("c", due.customer().customerId()).setParameter("cn", due.customer().name())
                                .setParameter("ids", SqlValues.uuidArray(ids)).setParameter("step", due.stepName())
                                .setParameter("title", letter.title()).setParameter("lang", letter.language())
                                .setParameter("pages", letter.pages()).setParameter("pdf", letter.pdf())
                                .setParameter("at", clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate()
                                .chain(n -> n == 0 ? Uni.createFrom().item(false) : published.append(s, tenant,
                                        due.customer().customerId(), id, traceParent, new NotificationEvents.LetterReady(id,
                                                due.reminderKey(), due.customer().customerId(), due.customer().name(),
                                                ids, due.stepName(), "/letters/" + id + "/pdf", letter.pages(),
                                                due.fireDate())).replaceWith(true)))));
    }
}
