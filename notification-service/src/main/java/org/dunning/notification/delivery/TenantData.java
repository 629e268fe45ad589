package org.dunning.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.Recheck;
import org.dunning.platform.domain.DomainException;
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
        return s.createNativeQuery("SELECT variants, kind FROM templates WHERE tenant_id = :t AND key = :k",
                        Object[].class)
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

    /** Null while the tenant has never changed its settings. */
    static Uni<PlanEvents.TenantSettingsChanged> settings(Mutiny.Session s, String tenant) {
        return s.createNativeQuery("SELECT settings FROM tenant_settings WHERE tenant_id = :t", Object.class)
                .setParameter("t", tenant).getResultList()
                .map(rows -> rows.isEmpty() ? null
                        : read((String) rows.get(0), new TypeReference<PlanEvents.TenantSettingsChanged>() {
                }));
    }

    /** What is known now of these invoices (those never heard of are absent). */
    static Uni<Map<UUID, Recheck.InvoiceState>> states(Mutiny.Session s, String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return s.createNativeQuery("SELECT invoice_id, number, status, disputed, automation_off FROM invoices "
                        + "WHERE tenant_id = :t AND invoice_id = ANY(cast(:ids as uuid[]))", Object[].class)
                .setParameter("t", tenant).setParameter("ids", SqlValues.uuidArray(ids)).getResultList()
                .map(rows -> {
                    Map<UUID, Recheck.InvoiceState> m = new HashMap<>();
                    for (Object[] r : rows) {
                        UUID id = SqlValues.uuid(r[0]);
                        m.put(id, new Recheck.InvoiceState(id, (String) r[1], (String) r[2], (Boolean) r[3],
                                (Boolean) r[4]));
                    }
                    return m;
                });
    }

    /** Why nothing may be sent to the customer now (tenant switched off, customer paused), or null. */
    static Uni<String> switchedOff(Mutiny.Session s, String tenant, UUID customerId) {
        return s.createNativeQuery("SELECT scope, reason FROM automation_off WHERE tenant_id = :t AND scope IN "
                        + "('tenant', :c) ORDER BY scope = 'tenant' DESC", Object[].class)
                .setParameter("t", tenant).setParameter("c", customerId.toString()).getResultList()
                .map(rows -> rows.isEmpty() ? null : ("tenant".equals(rows.get(0)[0])
                        ? "automation is switched off for the tenant" : "automation is paused for the customer")
                        + (rows.get(0)[1] == null ? "" : " (" + rows.get(0)[1] + ")"));
    }

    /**
     * Every overdue invoice of the customer on {@code day} as known here, the reminder's own first (they are
     * overdue by definition, and listed even if the invoice topic is behind), then the others by due date.
     */
    static Uni<List<ReminderEvents.InvoiceRef>> overdue(Mutiny.Session s, String tenant,
                                                        ReminderEvents.ReminderStepDue due) {
        LocalDate day = due.fireDate();
        return s.createNativeQuery("SELECT invoice_id, number, issue_date, due_date, currency, amount, outstanding "
                        + "FROM invoices WHERE tenant_id = :t AND customer_id = :c AND status IN ('OPEN', "
                        + "'PARTIALLY_PAID') AND NOT disputed AND due_date < :day ORDER BY due_date, number",
                        Object[].class)
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
