package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.Letters;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.notification.postal.PostalConfig;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Renders the letter of a LETTER step (R2.4) as a PDF, addressed to the customer's billing address, stores it and
 * publishes {@code LetterReady} (follow-up makes the send-letter task) in the caller's transaction; a customer without
 * an address gets no letter but {@code LetterFailed} (follow-up makes a fix-contact task). One per reminder key. With the postal adapter on, the
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
     * True if the letter was made (or, for a customer without a postal address, refused with LetterFailed), false
     * if this reminder made one before. {@code traceParent}: the trace of the step (null: none), kept with the letter
     * for its hand-over to the postal provider and given to its events.
     */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due, String traceParent) {
        UUID id = UUID.randomUUID();
        List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
        return Panache.getSession().chain(s -> Sql.of(s, "SELECT (SELECT count(*) FROM letters WHERE "
                        + "reminder_key = :k), c.reference, c.billing_address FROM (SELECT 1) one LEFT JOIN customers c "
                        + "ON c.tenant_id = :t AND c.customer_id = :c")
                .setParameter("k", due.reminderKey()).setParameter("t", tenant)
                .setParameter("c", due.customer().customerId()).row()
                .chain(row -> {
                    if (((Number) row[0]).longValue() > 0) {
                        return Uni.createFrom().item(false);
                    }
                    String reference = (String) row[1];
                    PostalAddress address = row[2] == null ? null : EventCodec.decodeValue((String) row[2],
                            PostalAddress.class);
                    String problem = Letters.problem(address);
                    if (problem != null) {
                        return refuse(s, tenant, due, id, ids, problem, traceParent);
                    }
                    return TenantData.template(s, tenant, due.templateKey(), PlanEvents.TemplateKind.LETTER)
                            .chain(variants -> TenantData.settings(s, tenant).chain(settings ->
                                    TenantData.paymentLinks(s, tenant, due).map(links ->
                                            Letters.compose(due, variants, settings, address, reference, links))))
                            .chain(letter -> insert(s, tenant, due, id, ids, letter, address, null, traceParent)
                                    .chain(n -> n == 0 ? Uni.createFrom().item(false) : published.append(s, tenant,
                                            due.customer().customerId(), id, traceParent,
                                            new NotificationEvents.LetterReady(id, due.reminderKey(),
                                                    due.customer().customerId(), due.customer().name(), ids,
                                                    due.stepName(), "/letters/" + id + "/pdf", letter.pages(),
                                                    due.fireDate())).replaceWith(true)));
                }));
    }

    /** No letter: kept with its reason (so a redelivery makes none either) and published as LetterFailed. */
    private Uni<Boolean> refuse(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, UUID id,
                                List<UUID> ids, String problem, String traceParent) {
        return insert(s, tenant, due, id, ids, null, null, problem, traceParent)
                .chain(n -> n == 0 ? Uni.createFrom().item(false) : published.append(s, tenant,
                        due.customer().customerId(), id, traceParent, new NotificationEvents.LetterFailed(id,
                                due.reminderKey(), due.customer().customerId(), due.customer().name(), ids,
                                due.stepName(), problem, due.fireDate(), clock.instant())).replaceWith(true));
    }

    private Uni<Integer> insert(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, UUID id,
                                List<UUID> ids, Letters.Letter letter, PostalAddress address, String problem,
                                String traceParent) {
        return Sql.of(s, "INSERT INTO letters (id, tenant_id, reminder_key, customer_id, customer_name, "
                        + "invoice_ids, step_name, title, language, pages, pdf, created_at, postal_status, postal_next_at, "
                        + "trace_parent, address, problem) VALUES (:id, :t, :k, :c, :cn, cast(:ids as uuid[]), :step, "
                        + ":title, :lang, :pages, :pdf, :at, :postal, :at, cast(:tp as text), cast(:address as text), "
                        + "cast(:problem as text)) ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("tp", traceParent)
                .setParameter("postal", postal.enabled() && letter != null ? "PENDING" : null)
                .setParameter("id", id).setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("c", due.customer().customerId()).setParameter("cn", due.customer().name())
                .setParameter("ids", SqlValues.uuidArray(ids)).setParameter("step", due.stepName())
                .setParameter("title", letter == null ? due.stepName() : letter.title())
                .setParameter("lang", letter == null ? due.customer().language() : letter.language())
                .setParameter("pages", letter == null ? 0 : letter.pages())
                .setParameter("pdf", letter == null ? null : letter.pdf())
                .setParameter("address", address == null ? null : EventCodec.encodeValue(address))
                .setParameter("problem", problem)
                .setParameter("at", clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
    }
}
