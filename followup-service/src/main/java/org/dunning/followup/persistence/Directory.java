package org.dunning.followup.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What follow-up knows of each tenant, projected in the consumers' transactions: its customers and invoices (from
 * the invoice topic) and its time zone (from the plan topic's settings). Commands check the ids they name here; the
 * tenant's zone says which day "today" is.
 */
@ApplicationScoped
public class Directory {

    private final ZoneId defaultZone;

    public Directory(@ConfigProperty(name = "dunning.followup.default-zone", defaultValue = "Europe/Paris") ZoneId defaultZone) {
        this.defaultZone = defaultZone;
    }

    /** Whether {@link #learn} takes something from the event. */
    public static boolean learnsFrom(IntegrationEvent event) {
        return event instanceof InvoiceEvents.CustomerRegistered || event instanceof InvoiceEvents.InvoiceIssued
                || event instanceof PlanEvents.TenantSettingsChanged;
    }

    /**
     * As {@link #learn} for many events at once, in two statements: the customers registered and the invoices issued
     * among them (the zone comes from a tenant's settings, which are learnt one at a time, in order).
     */
    public Uni<Void> learnAll(Mutiny.Session s, List<Received> events) {
        List<Received> customers = events.stream().filter(r -> r.event() instanceof InvoiceEvents.CustomerRegistered)
                .toList();
        List<Received> invoices = events.stream().filter(r -> r.event() instanceof InvoiceEvents.InvoiceIssued)
                .toList();
        Uni<Integer> known = customers.isEmpty() ? Uni.createFrom().item(0) : Sql.of(s,
                        "INSERT INTO known_customers (tenant_id, customer_id) SELECT * FROM unnest(cast(:t as text[]), "
                                + "cast(:c as uuid[])) ON CONFLICT DO NOTHING")
                .setParameter("t", SqlValues.texts(customers, Received::tenantId))
                .setParameter("c", SqlValues.uuids(customers,
                        r -> ((InvoiceEvents.CustomerRegistered) r.event()).customerId()))
                .executeUpdate();
        return known.chain(() -> invoices.isEmpty() ? Uni.createFrom().item(0) : Sql.of(s,
                        "INSERT INTO known_invoices (tenant_id, invoice_id, customer_id) SELECT * FROM "
                                + "unnest(cast(:t as text[]), cast(:i as uuid[]), cast(:c as uuid[])) ON CONFLICT DO NOTHING")
                .setParameter("t", SqlValues.texts(invoices, Received::tenantId))
                .setParameter("i", SqlValues.uuids(invoices, r -> ((InvoiceEvents.InvoiceIssued) r.event()).invoiceId()))
                .setParameter("c", SqlValues.uuids(invoices, r -> ((InvoiceEvents.InvoiceIssued) r.event()).customerId()))
                .executeUpdate()).replaceWithVoid();
    }

    /** Takes what an event says about the tenant's customers, invoices or zone; anything else changes nothing. */
    public Uni<Void> learn(Mutiny.Session s, String tenant, IntegrationEvent event) {
        if (event instanceof InvoiceEvents.CustomerRegistered c) {
            return Sql.of(s, "INSERT INTO known_customers (tenant_id, customer_id) VALUES (:t, :c) "
                    + "ON CONFLICT DO NOTHING").setParameter("t", tenant).setParameter("c", c.customerId())
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof InvoiceEvents.InvoiceIssued i) {
            return Sql.of(s, "INSERT INTO known_invoices (tenant_id, invoice_id, customer_id) VALUES "
                            + "(:t, :i, :c) ON CONFLICT DO NOTHING").setParameter("t", tenant)
                    .setParameter("i", i.invoiceId()).setParameter("c", i.customerId())
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof PlanEvents.TenantSettingsChanged z && z.timeZone() != null) {
            return Sql.of(s, "INSERT INTO tenant_zones (tenant_id, time_zone, settings_version) VALUES "
                            + "(:t, :z, :v) ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone, "
                            + "settings_version = excluded.settings_version "
                            + "WHERE tenant_zones.settings_version < excluded.settings_version")
                    .setParameter("t", tenant).setParameter("z", z.timeZone()).setParameter("v", z.settingsVersion())
                    .executeUpdate().replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    /** The tenant's time zone: its settings', else the default's (the settings' own default). */
    public Uni<ZoneId> zone(Mutiny.Session s, String tenant) {
        return Sql.of(s, "SELECT time_zone FROM tenant_zones WHERE tenant_id = :t")
                .setParameter("t", tenant).column()
                .map(rows -> rows.isEmpty() ? defaultZone : ZoneId.of((String) rows.get(0)));
    }

    public Uni<Boolean> knowsCustomer(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT 1 FROM known_customers WHERE tenant_id = :t AND customer_id = :c")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .map(rows -> !rows.isEmpty());
    }

    /** The customer of each of the tenant's invoices among {@code ids} (ids it does not have are absent). */
    public Uni<Map<UUID, UUID>> customersOf(Mutiny.Session s, String tenant, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.of(s, "SELECT invoice_id, customer_id FROM known_invoices WHERE tenant_id = :t "
                        + "AND invoice_id = ANY(cast(:ids as uuid[]))")
                .setParameter("t", tenant).setParameter("ids", SqlValues.uuidArray(ids)).getResultList()
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> SqlValues.uuid(r[0]), r -> SqlValues.uuid(r[1]))));
    }
}
