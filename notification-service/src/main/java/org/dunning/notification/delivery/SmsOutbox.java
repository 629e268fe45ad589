package org.dunning.notification.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.TextMessages;
import org.dunning.notification.sms.SmsConfig;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Takes in SMS steps (R8.2) in the caller's transaction, as a set: renders each step's SMS template once and keeps a
 * message per number of the step's contacts, one per reminder key and number. A number that is no mobile number in
 * E.164 (or no number at all) is FAILED at once and published as {@code SmsFailed} with {@code invalidNumber}
 * (follow-up makes a task to fix the contact); with the adapter off, every message is FAILED with that reason; else
 * the message is PENDING for {@link SmsDispatcher}. A step whose template has not arrived yet makes the poll wait
 * while {@code mayWait} allows, then fails alone (the batch is split and the step dead-lettered with the reason), as
 * a letter step does.
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
    private record Row(EmailOutbox.Due due, TextMessages.Message message, UUID id, TextMessages.Recipient to,
                       String status, String error) {
    }

    /**
     * Records the text messages of many steps: the reminder keys already handled in one query, what rendering needs in
     * three ({@link TenantData#forSteps}), the rows in one statement and the failures' events in one append.
     */
    public Uni<Void> recordAll(Mutiny.Session s, List<EmailOutbox.Due> dues, Predicate<String> mayWait) {
        if (dues.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return TenantData.unseen(s, "sms", dues).chain(todo -> todo.isEmpty() ? Uni.createFrom().voidItem()
                : TenantData.forSteps(s, todo).chain(data -> {
            List<Row> rows = new ArrayList<>();
            for (EmailOutbox.Due d : todo) {
                String missing = data.missing(d, PlanEvents.TemplateKind.SMS);
                if (missing != null) {
                    return Uni.createFrom().failure(mayWait.test(d.step().reminderKey())
                            ? new EmailOutbox.TemplateNotYetKnown(missing) : new TenantData.TemplateMissing(missing));
                }
                TextMessages.Message message = TextMessages.compose(d.step(), data.template(d).variants(),
                        data.settings(d), data.links(d));
                for (TextMessages.Recipient r : TextMessages.recipients(d.step())) {
                    rows.add(r.problem() != null ? new Row(d, message, UUID.randomUUID(), r, "FAILED", r.problem())
                            : !config.enabled() ? new Row(d, message, UUID.randomUUID(), r, "FAILED", OFF)
                            : new Row(d, message, UUID.randomUUID(), r, "PENDING", null));
                }
            }
            return insertAll(s, rows, now);
        }));
    }

    /** Every row in one statement; the events of the FAILED rows inserted (not of a key another writer took) in one. */
    private Uni<Void> insertAll(Mutiny.Session s, List<Row> rows, Instant now) {
        return Sql.of(s, "INSERT INTO sms (id, tenant_id, reminder_key, customer_id, invoice_ids, step_name, "
                        + "to_number, e164, language, text, segments, encoding, status, error, next_at, created_at, "
                        + "trace_parent) SELECT x.id, x.t, x.k, x.c, cast(string_to_array(x.ids, ',') as uuid[]), x.step, "
                        + "x.n, x.e, x.lang, x.text, x.seg, x.enc, x.st, x.err, :at, :at, x.tp FROM unnest(cast(:id as "
                        + "uuid[]), cast(:t as text[]), cast(:k as text[]), cast(:c as uuid[]), cast(:ids as text[]), "
                        + "cast(:step as text[]), cast(:n as text[]), cast(:e as text[]), cast(:lang as text[]), "
                        + "cast(:text as text[]), cast(cast(:seg as text[]) as int[]), cast(:enc as text[]), "
                        + "cast(:st as text[]), cast(:err as text[]), cast(:tp as text[])) AS x(id, t, k, c, ids, step, "
                        + "n, e, lang, text, seg, enc, st, err, tp) ON CONFLICT (reminder_key, to_number) DO NOTHING "
                        + "RETURNING id")
                .setParameter("id", SqlValues.uuids(rows, Row::id))
                .setParameter("t", SqlValues.texts(rows, r -> r.due().tenant()))
                .setParameter("k", SqlValues.texts(rows, r -> r.due().step().reminderKey()))
                .setParameter("c", SqlValues.uuids(rows, r -> r.due().step().customer().customerId()))
                .setParameter("ids", SqlValues.texts(rows, r -> String.join(",", invoiceIds(r).stream()
                        .map(UUID::toString).toList())))
                .setParameter("step", SqlValues.texts(rows, r -> r.due().step().stepName()))
                .setParameter("n", SqlValues.texts(rows, r -> r.to().number()))
                .setParameter("e", SqlValues.texts(rows, r -> r.to().e164()))
                .setParameter("lang", SqlValues.texts(rows, r -> r.message().language()))
                .setParameter("text", SqlValues.texts(rows, r -> r.message().text()))
                .setParameter("seg", SqlValues.texts(rows, r -> r.message().segments().segments()))
                .setParameter("enc", SqlValues.texts(rows, r -> r.message().segments().encoding().name()))
                .setParameter("st", SqlValues.texts(rows, Row::status))
                .setParameter("err", SqlValues.texts(rows, Row::error))
                .setParameter("tp", SqlValues.texts(rows, r -> r.due().traceParent()))
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .column()
                .chain(inserted -> {
                    Set<UUID> in = new HashSet<>();
                    inserted.forEach(id -> in.add(SqlValues.uuid(id)));
                    return published.appendAll(s, rows.stream()
                            .filter(r -> r.status().equals("FAILED") && in.contains(r.id()))
                            .map(r -> new Published.Outcome(r.due().tenant(), r.due().step().customer().customerId(),
                                    r.id(), r.due().traceParent(), new NotificationEvents.SmsFailed(r.id(),
                                    r.due().step().reminderKey(), r.due().step().customer().customerId(),
                                    invoiceIds(r), r.to().number(), r.error(), r.to().problem() != null, 0, now)))
                            .toList());
                });
    }

    private static List<UUID> invoiceIds(Row r) {
        return r.due().step().invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
    }
}
