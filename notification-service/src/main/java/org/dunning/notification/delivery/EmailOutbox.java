package org.dunning.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.EmailComposer;
import org.hibernate.reactive.mutiny.Mutiny;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Records an e-mail to send for a reminder, rendered now from the tenant's template (projected from the plan topic),
 * in the caller's transaction. The reminder key is unique: the second time a key arrives nothing is recorded, so
 * nothing is sent twice.
 */
@ApplicationScoped
public class EmailOutbox {

    /**
     * The step names a template this service has not seen (yet). The consumer retries for a while (the plan topic
     * may be behind), then records the e-mail as FAILED with this reason.
     */
    public static final class TemplateMissing extends org.dunning.platform.domain.DomainException {
        TemplateMissing(String message) {
            super(message);
        }
    }

    private static final TypeReference<List<PlanEvents.TemplateVariant>> VARIANTS = new TypeReference<>() {
    };

    private final Clock clock;

    public EmailOutbox(Clock clock) {
        this.clock = clock;
    }

    /** True if the e-mail was recorded, false if the reminder key had been handled before. */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due) {
        return Panache.getSession().chain(s -> handled(s, due.reminderKey()).chain(handled -> handled
                ? Uni.createFrom().item(false)
                : template(s, tenant, due.templateKey()).chain(variants -> settings(s, tenant).chain(settings -> {
                    EmailComposer.Email m = EmailComposer.compose(due, variants, settings);
                    boolean deliverable = !m.recipients().isEmpty();
                    return insert(s, tenant, due, String.join(",", m.recipients()), m.subject(), m.html(), m.text(),
                            deliverable ? null : "the customer has no contact with an e-mail address");
                }))));
    }

    /** Records a reminder that cannot be rendered as FAILED with the reason, so that it is visible, not lost. */
    public Uni<Boolean> recordUnsendable(String tenant, ReminderEvents.ReminderStepDue due, String reason) {
        return Panache.getSession().chain(s -> insert(s, tenant, due, "", "", "", "", reason));
    }

    private Uni<Boolean> insert(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, String to,
                                String subject, String html, String text, String error) {
        Instant now = clock.instant();
        return s.createNativeQuery("INSERT INTO emails (id, tenant_id, reminder_key, customer_id, recipients, subject, "
                        + "body_html, body_text, message_id, status, next_attempt_at, last_error, created_at) VALUES "
                        + "(:id, :t, :k, :c, :to, :subject, :html, :text, :mid, :status, :at, :err, :at) "
                        + "ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("id", UUID.randomUUID()).setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("c", due.customer().customerId()).setParameter("to", to)
                .setParameter("subject", subject).setParameter("html", html).setParameter("text", text)
                .setParameter("mid", messageId(due.reminderKey()))
                .setParameter("status", error == null ? "PENDING" : "FAILED").setParameter("err", error)
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .executeUpdate().map(n -> n == 1);
    }

    private static Uni<Boolean> handled(Mutiny.Session s, String reminderKey) {
        return s.createNativeQuery("SELECT 1 FROM emails WHERE reminder_key = :k", Object.class)
                .setParameter("k", reminderKey).getResultList().map(rows -> !rows.isEmpty());
    }

    private static Uni<List<PlanEvents.TemplateVariant>> template(Mutiny.Session s, String tenant, String key) {
        return s.createNativeQuery("SELECT variants, kind FROM templates WHERE tenant_id = :t AND key = :k",
                        Object[].class)
                .setParameter("t", tenant).setParameter("k", key == null ? "" : key).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new TemplateMissing("no template '" + key + "' of tenant " + tenant + " is known");
                    }
                    if (!"EMAIL".equals(rows.get(0)[1])) {
                        throw new TemplateMissing("template '" + key + "' is a " + rows.get(0)[1] + " template");
                    }
                    return read((String) rows.get(0)[0], VARIANTS);
                });
    }

    private static Uni<PlanEvents.TenantSettingsChanged> settings(Mutiny.Session s, String tenant) {
        return s.createNativeQuery("SELECT settings FROM tenant_settings WHERE tenant_id = :t", Object.class)
                .setParameter("t", tenant).getResultList()
                .map(rows -> rows.isEmpty() ? null
                        : read((String) rows.get(0), new TypeReference<PlanEvents.TenantSettingsChanged>() {
                }));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable projection row", e);
        }
    }

    /**
     * The Message-ID is derived from the reminder key: if a crash repeats a send that the server had already
     * accepted, the copy carries the same Message-ID and mail systems can drop it.
     */
    static String messageId(String reminderKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(reminderKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@reminders.dunning>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
