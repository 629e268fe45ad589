package org.dunning.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.Recheck;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what this service keeps of a tenant from the plan and invoice topics, in the caller's session. */
final class TenantData {

    /**
     * The step names a template this service has not seen (yet), or one of the wrong kind. The consumer retries for
     * a while (the plan topic may be behind), then records the message as FAILED with this reason.
     */
    static final class TemplateMissing extends DomainException {
        TemplateMissing(String message) {
            super(message);
        }
    }

    private static final TypeReference<List<PlanEvents.TemplateVariant>> VARIANTS = new TypeReference<>() {
    };

    static Uni<List<PlanEvents.TemplateVariant>> template(Mutiny.Session s, String tenant, String key,
                                                          PlanEvents.TemplateKind kind) {
        return Sql.of(s, "SELECT variants, kind FROM templates WHERE tenant_id = :t AND key = :k")
                .setParameter("t", tenant).setParameter("k", key == null ? "" : key).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new TemplateMissing("no template '" + key + "' of tenant " + tenant + " is known");
                    }
                    if (!kind.name().equals(rows.get(0)[1])) {
                        throw new TemplateMissing("template '" + key + "' is a " + rows.get(0)[1] + " template, not "
                                + kind);
                    }
                    return read((String) rows.get(0)[0], VARIANTS);
                });
    }

    /** A template of a tenant, by its key. */
    record TemplateKey(String tenant, String key) {
    }

    /** A template as projected: its kind and its variants. */
    record Template(String kind, List<PlanEvents.TemplateVariant> variants) {
    }

    /** The templates named, in one query; one this service has not seen is absent. */
    static Uni<Map<TemplateKey, Template>> templates(Mutiny.Session s, List<TemplateKey> keys) {
        return Sql.of(s, "SELECT t.tenant_id, t.key, t.kind, t.variants FROM templates t JOIN unnest(cast(:t "
                        + "as text[]), cast(:k as text[])) AS u(t, k) ON t.tenant_id = u.t AND t.key = u.k")
                .setParameter("t", SqlValues.texts(keys, TemplateKey::tenant))
                .setParameter("k", SqlValues.texts(keys, k -> k.key() == null ? "" : k.key())).getResultList()
                .map(rows -> {
                    Map<TemplateKey, Template> found = new HashMap<>();
                    rows.forEach(r -> found.put(new TemplateKey((String) r[0], (String) r[1]),
                            new Template((String) r[2], read((String) r[3], VARIANTS))));
                    return found;
                });
    }

    /** Why a step cannot use the template (never seen, or of another kind), or null when it can. */
    static String missing(Template t, String tenant, String key, PlanEvents.TemplateKind kind) {
        if (t == null) {
            return "no template '" + key + "' of tenant " + tenant + " is known";
        }
        return kind.name().equals(t.kind()) ? null
                : "template '" + key + "' is a " + t.kind() + " template, not " + kind;
    }

    /** The settings of tenants, in one query; a tenant that never changed its settings is absent. */
    static Uni<Map<String, PlanEvents.TenantSettingsChanged>> settings(Mutiny.Session s, List<String> tenants) {
        return Sql.of(s, "SELECT tenant_id, settings FROM tenant_settings WHERE tenant_id = ANY(cast(:t as "
                        + "text[]))")
                .setParameter("t", tenants.toArray(String[]::new)).getResultList()
                .map(rows -> {
                    Map<String, PlanEvents.TenantSettingsChanged> found = new HashMap<>();
                    rows.forEach(r -> found.put((String) r[0], read((String) r[1],
                            new TypeReference<PlanEvents.TenantSettingsChanged>() {
                            })));
                    return found;
                });
    }

    /** Null while the tenant has never changed its settings. */
    static Uni<PlanEvents.TenantSettingsChanged> settings(Mutiny.Session s, String tenant) {
        return Sql.of(s, "SELECT settings FROM tenant_settings WHERE tenant_id = :t")
                .setParameter("t", tenant).column()
                .map(rows -> rows.isEmpty() ? null
                        : read((String) rows.get(0), new TypeReference<PlanEvents.TenantSettingsChanged>() {
                }));
    }

    /** A customer of a tenant. */
    record Customer(String tenant, UUID customerId) {
    }

    /** An invoice of a tenant. */
    record Invoice(String tenant, UUID invoiceId) {
    }

    /**
     * Columns of these invoices, by invoice, in one query: {@code columns} are read after the tenant and the id (so
     * a row's values start at index 2); an invoice never heard of, or one {@code where} excludes, is absent.
     */
    private static <T> Uni<Map<Invoice, T>> ofInvoices(Mutiny.Session s, List<Invoice> invoices, String columns,
                                                       String where, java.util.function.Function<Object[], T> value) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.of(s, "SELECT i.tenant_id, i.invoice_id, " + columns + " FROM invoices i JOIN (SELECT "
                        + "DISTINCT t, id FROM unnest(cast(:t as text[]), cast(:ids as uuid[])) AS u(t, id)) AS k ON "
                        + "i.tenant_id = k.t AND i.invoice_id = k.id WHERE " + where)
                .setParameter("t", SqlValues.texts(invoices, Invoice::tenant))
                .setParameter("ids", SqlValues.uuids(invoices, Invoice::invoiceId)).getResultList()
                .map(rows -> {
                    Map<Invoice, T> m = new HashMap<>();
                    rows.forEach(r -> m.put(new Invoice((String) r[0], SqlValues.uuid(r[1])), value.apply(r)));
                    return m;
                });
    }

    /** Where the customer pays each invoice online (R8.1), in one query; an invoice without a link is absent. */
    static Uni<Map<Invoice, String>> paymentLinks(Mutiny.Session s, List<Invoice> invoices) {
        return ofInvoices(s, invoices, "i.payment_url", "i.payment_url IS NOT NULL", r -> (String) r[2]);
    }

    /** An invoice's number and where its document is (null: none linked), for attaching it (R8.1). */
    record LinkedDocument(String number, String url) {
    }

    /** The numbers and document links of these invoices (those never heard of are absent), in one query. */
    static Uni<Map<Invoice, LinkedDocument>> documents(Mutiny.Session s, List<Invoice> invoices) {
        return ofInvoices(s, invoices, "i.number, i.document_url", "true",
                r -> new LinkedDocument((String) r[2], (String) r[3]));
    }

    /**
     * The steps whose reminder key has no row in {@code table} yet, each key once (a redelivery, or a key twice in a
     * batch, makes nothing), in one query.
     */
    static Uni<List<EmailOutbox.Due>> unseen(Mutiny.Session s, String table, List<EmailOutbox.Due> dues) {
        return Sql.of(s, "SELECT DISTINCT reminder_key FROM " + table + " WHERE reminder_key = ANY(cast(:k "
                        + "as text[]))")
                .setParameter("k", SqlValues.texts(dues, d -> d.step().reminderKey())).column()
                .map(handled -> {
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    handled.forEach(k -> seen.add((String) k));
                    return dues.stream().filter(d -> seen.add(d.step().reminderKey())).toList();
                });
    }

    /**
     * What composing the messages of many steps needs: the templates they name, their tenants' settings and their
     * invoices' payment links (R8.1).
     */
    record ForSteps(Map<TemplateKey, Template> templates, Map<String, PlanEvents.TenantSettingsChanged> settings,
                    Map<Invoice, String> paymentLinks) {

        /** The step's template, or null when it has not been seen. */
        Template template(EmailOutbox.Due d) {
            return templates.get(new TemplateKey(d.tenant(), d.step().templateKey()));
        }

        /** Why the step cannot use its template, or null when it can. */
        String missing(EmailOutbox.Due d, PlanEvents.TemplateKind kind) {
            return TenantData.missing(template(d), d.tenant(), d.step().templateKey(), kind);
        }

        PlanEvents.TenantSettingsChanged settings(EmailOutbox.Due d) {
            return settings.get(d.tenant());
        }

        /** The payment links of the step's invoices, by invoice id. */
        Map<UUID, String> links(EmailOutbox.Due d) {
            return linksOf(paymentLinks, d.tenant(), d.step());
        }
    }

    /** {@link ForSteps} of these steps, in three queries. */
    static Uni<ForSteps> forSteps(Mutiny.Session s, List<EmailOutbox.Due> dues) {
        return templates(s, dues.stream().map(d -> new TemplateKey(d.tenant(), d.step().templateKey())).distinct()
                .toList())
                .chain(templates -> settings(s, dues.stream().map(EmailOutbox.Due::tenant).distinct().toList())
                        .chain(settings -> paymentLinks(s, dues.stream().flatMap(d -> d.step().invoices().stream()
                                        .map(i -> new Invoice(d.tenant(), i.invoiceId()))).toList())
                                .map(links -> new ForSteps(templates, settings, links))));
    }

    /** The payment links of one step's invoices, by invoice id. */
    static Uni<Map<UUID, String>> paymentLinks(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due) {
        return paymentLinks(s, due.invoices().stream().map(i -> new Invoice(tenant, i.invoiceId())).toList())
                .map(found -> linksOf(found, tenant, due));
    }

    /** Of the payment links found, those of the step's invoices, by invoice id. */
    private static Map<UUID, String> linksOf(Map<Invoice, String> found, String tenant,
                                             ReminderEvents.ReminderStepDue due) {
        Map<UUID, String> m = new HashMap<>();
        due.invoices().forEach(i -> {
            String url = found.get(new Invoice(tenant, i.invoiceId()));
            if (url != null) {
                m.put(i.invoiceId(), url);
            }
        });
        return m;
    }

    /** What is known now of these invoices (those never heard of are absent), in one query. */
    static Uni<Map<Invoice, Recheck.InvoiceState>> states(Mutiny.Session s, List<Invoice> invoices) {
        return ofInvoices(s, invoices, "i.number, i.status, i.disputed, i.automation_off", "true",
                r -> new Recheck.InvoiceState(SqlValues.uuid(r[1]), (String) r[2], (String) r[3], (Boolean) r[4],
                        (Boolean) r[5]));
    }

    /**
     * Why nothing may be sent to each customer now (tenant switched off, customer paused), in one query; a customer
     * who may get e-mails is absent.
     */
    static Uni<Map<Customer, String>> switchedOff(Mutiny.Session s, List<Customer> customers) {
        return Sql.of(s, "SELECT k.t, k.c, a.scope, a.reason FROM (SELECT DISTINCT t, c FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[])) AS u(t, c)) AS k JOIN automation_off a ON "
                        + "a.tenant_id = k.t AND a.scope IN ('tenant', cast(k.c as text)) ORDER BY a.scope = 'tenant'")
                .setParameter("t", SqlValues.texts(customers, Customer::tenant))
                .setParameter("c", SqlValues.uuids(customers, Customer::customerId)).getResultList()
                .map(rows -> {
                    // the tenant's switch comes last and wins over the customer's pause
                    Map<Customer, String> why = new HashMap<>();
                    for (Object[] r : rows) {
                        why.put(new Customer((String) r[0], SqlValues.uuid(r[1])), ("tenant".equals(r[2])
                                ? "automation is switched off for the tenant" : "automation is paused for the customer")
                                + (r[3] == null ? "" : " (" + r[3] + ")"));
                    }
                    return why;
                });
    }

    /**
     * Every overdue invoice of the customer on {@code day} as known here, the reminder's own first (they are
     * overdue by definition, and listed even if the invoice topic is behind), then the others by due date.
     */
    static Uni<List<ReminderEvents.InvoiceRef>> overdue(Mutiny.Session s, String tenant,
                                                        ReminderEvents.ReminderStepDue due) {
        LocalDate day = due.fireDate();
        return Sql.of(s, "SELECT invoice_id, number, issue_date, due_date, currency, amount, outstanding "
                        + "FROM invoices WHERE tenant_id = :t AND customer_id = :c AND status IN ('OPEN', "
                        + "'PARTIALLY_PAID') AND NOT disputed AND due_date < :day ORDER BY due_date, number")
                .setParameter("t", tenant).setParameter("c", due.customer().customerId()).setParameter("day", day)
                .getResultList()
                .map(rows -> {
                    Map<UUID, ReminderEvents.InvoiceRef> all = new LinkedHashMap<>();
                    due.invoices().forEach(i -> all.put(i.invoiceId(), i));
                    for (Object[] r : rows) {
                        LocalDate dueDate = SqlValues.date(r[3]);
                        all.putIfAbsent(SqlValues.uuid(r[0]), new ReminderEvents.InvoiceRef(SqlValues.uuid(r[0]),
                                (String) r[1], SqlValues.date(r[2]), dueDate, (String) r[4], SqlValues.decimal(r[5]), SqlValues.decimal(r[6]),
                                ChronoUnit.DAYS.between(dueDate, day)));
                    }
                    return new ArrayList<>(all.values());
                });
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable projection row", e);
        }
    }

    private TenantData() {
    }
}
