package org.dunning.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the tenant's templates, settings and automation switches from the plan topic: the latest version of each wins, so a redelivered or
 * older event changes nothing. Everything else on the topic is for other services. A poll at a time, in one
 * transaction ({@link Batch}); a record that cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class PlanConsumer {

    private final DeadLetters deadLetters;

    public PlanConsumer(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvents(ConsumerRecords<String, String> records) {
        return Batch.apply(records, Received::from, PlanConsumer::apply)
                .chain(refused -> deadLetters.write("dunning.notification.dead-letter", refused));
    }

    static Uni<Void> apply(Mutiny.Session s, Received r) {
        String t = r.tenantId();
        if (r.event() instanceof PlanEvents.TemplateSaved e) {
            return Sql.of(s, "INSERT INTO templates (tenant_id, key, kind, version, variants) VALUES (:t, "
                            + ":k, :kind, :v, :variants) ON CONFLICT (tenant_id, key) DO UPDATE SET kind = "
                            + "excluded.kind, version = excluded.version, variants = excluded.variants, archived = "
                            + "false WHERE templates.version < excluded.version")
                    .setParameter("t", t).setParameter("k", e.key()).setParameter("kind", e.kind().name())
                    .setParameter("v", e.templateVersion()).setParameter("variants", EventCodec.encodeValue(e.variants()))
                    .executeUpdate().replaceWithVoid();
        }
        if (r.event() instanceof PlanEvents.TemplateArchived e) {
            // Reminders fired before the archive still render with it; no plan can name it any more.
            return Sql.of(s, "UPDATE templates SET archived = true, version = :v WHERE tenant_id = :t "
                            + "AND key = :k AND version < :v")
                    .setParameter("t", t).setParameter("k", e.key()).setParameter("v", e.templateVersion())
                    .executeUpdate().replaceWithVoid();
        }
        if (r.event() instanceof PlanEvents.TenantSettingsChanged e) {
            return Sql.of(s, "INSERT INTO tenant_settings (tenant_id, version, settings) VALUES (:t, :v, "
                            + ":s) ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version, settings = "
                            + "excluded.settings WHERE tenant_settings.version < excluded.version")
                    .setParameter("t", t).setParameter("v", e.settingsVersion())
                    .setParameter("s", EventCodec.encode(e)).executeUpdate().replaceWithVoid();
        }
        if (r.event() instanceof PlanEvents.TenantAutomationChanged e) {
            return switched(s, t, "tenant", !e.enabled(), e.reason());
        }
        if (r.event() instanceof PlanEvents.CustomerAutomationChanged e) {
            return switched(s, t, e.customerId().toString(), e.paused(), e.reason());
        }
        if (r.event() instanceof PlanEvents.InvoiceAutomationChanged e) {
            // The re-check before sending (R7.8) refuses an invoice switched off since its step fired.
            return Sql.of(s, "INSERT INTO invoices (tenant_id, invoice_id, automation_off) VALUES (:t, :id, "
                            + ":off) ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET automation_off = excluded.automation_off")
                    .setParameter("t", t).setParameter("id", e.invoiceId()).setParameter("off", !e.enabled())
                    .executeUpdate().replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> switched(Mutiny.Session s, String tenant, String scope, boolean off, String reason) {
        return (off
                ? Sql.of(s, "INSERT INTO automation_off (tenant_id, scope, reason) VALUES (:t, :scope, :why) "
                        + "ON CONFLICT (tenant_id, scope) DO UPDATE SET reason = excluded.reason")
                .setParameter("why", reason)
                : Sql.of(s, "DELETE FROM automation_off WHERE tenant_id = :t AND scope = :scope"))
                .setParameter("t", tenant).setParameter("scope", scope).executeUpdate().replaceWithVoid();
    }
}
