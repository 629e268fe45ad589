package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.TextMessages;
import org.dunning.notification.sms.SmsConfig;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes in an SMS step (R8.2) in the caller's transaction: renders the step's SMS template once and keeps a message
 * per number of the step's contacts, one per reminder key and number. A number that is no mobile number in E.164 (or
 * no number at all) is FAILED at once and published as {@code SmsFailed} with {@code invalidNumber} (follow-up makes a
 * task to fix the contact); with the adapter off, every message is FAILED with that reason; else the message is
 * PENDING for {@link SmsDispatcher}. A step whose template has not arrived yet waits as a letter's does.
 */
@ApplicationScoped
public class SmsOutbox {

    static final String OFF = "the SMS channel is off (dunning.sms.enabled): the text message was not sent";

    private final Clock clock;
    private final Published published;
    private final SmsConfig config;

    public SmsOutbox(Clock clock, Published published, SmsConfig config) {
        this.clock = clock;
        this.published = published;
        this.config = config;
    }

    /** A message row as decided at intake. */
    private record Row(UUID id, TextMessages.Recipient to, String status, String error) {
    }

    /** True if this step's messages were made now, false if a delivery of the same step made them before. */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due, String traceParent) {
        List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
        Instant now = clock.instant();
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FROM sms WHERE reminder_key = :k",
                        Long.class).setParameter("k", due.reminderKey()).getSingleResult()
                .chain(made -> made > 0 ? Uni.createFrom().item(false)
                        : TenantData.template(s, tenant, due.templateKey(), PlanEvents.TemplateKind.SMS)
                        .chain(variants -> TenantData.settings(s, tenant).chain(settings ->
                                TenantData.paymentLinks(s, tenant, due).map(links ->
                                        TextMessages.compose(due, variants, settings, links))))
                        .chain(message -> {
                            List<Row> rows = new ArrayList<>();
                            for (TextMessages.Recipient r : TextMessages.recipients(due)) {
                                rows.add(r.problem() != null ? new Row(UUID.randomUUID(), r, "FAILED", r.problem())
                                        : !config.enabled() ? new Row(UUID.randomUUID(), r, "FAILED", OFF)
                                        : new Row(UUID.randomUUID(), r, "PENDING", null));
                            }
                            return insert(s, tenant, due, ids, message, rows, traceParent, now)
                                    .chain(() -> rows.stream().noneMatch(r -> r.status().equals("FAILED"))
                                            ? Uni.createFrom().voidItem() : published.appendAll(s, rows.stream()
                                            .filter(r -> r.status().equals("FAILED"))
                                            .map(r -> new Published.Outcome(tenant, due.customer().customerId(), r.id(),
                                                    traceParent, new NotificationEvents.SmsFailed(r.id(),
                                                    due.reminderKey(), due.customer().customerId(), ids,
                                                    r.to().number(), r.error(), r.to().problem() != null, 0, now)))
                                            .toList()))
                                    .replaceWith(true);
                        })));
    }

    private static Uni<Integer> insert(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due,
                                       List<UUID> invoiceIds, TextMessages.Message message, List<Row> rows,
                                       String traceParent, Instant now) {
        return s.createNativeQuery("INSERT INTO sms (id, tenant_id, reminder_key, customer_id, invoice_ids, step_name, "
                        + "to_number, e164, language, text, segments, encoding, status, error, next_at, created_at, "
                        + "trace_parent) SELECT x.id, :t, :k, :c, cast(:ids as uuid[]), :step, x.n, x.e, :lang, :text, "
                        + ":seg, :enc, x.st, x.err, :at, :at, cast(:tp as text) FROM unnest(cast(:id as uuid[]), "
                        + "cast(:n as text[]), cast(:e as text[]), cast(:st as text[]), cast(:err as text[])) AS "
                        + "x(id, n, e, st, err) ON CONFLICT (reminder_key, to_number) DO NOTHING")
                .setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("c", due.customer().customerId()).setParameter("ids", SqlValues.uuidArray(invoiceIds))
                .setParameter("step", due.stepName()).setParameter("lang", message.language())
                .setParameter("text", message.text()).setParameter("seg", message.segments().segments())
                .setParameter("enc", message.segments().encoding().name())
                .setParameter("at", now.atOffset(ZoneOffset.UTC)).setParameter("tp", traceParent)
                .setParameter("id", SqlValues.uuids(rows, Row::id))
                .setParameter("n", SqlValues.texts(rows, r -> r.to().number()))
                .setParameter("e", SqlValues.texts(rows, r -> r.to().e164()))
                .setParameter("st", SqlValues.texts(rows, Row::status))
                .setParameter("err", SqlValues.texts(rows, Row::error))
                .executeUpdate();
    }
}
