package org.dunning.escalation.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/invoices/{invoiceId}/schedule")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ScheduleResource {

    public record ScheduledStep(String reminderKey, UUID planId, UUID stepId, int stepOrder, LocalDate fireDate,
                                Instant fireAt, String status, String reason) {
    }

    private final Tenant tenant;

    public ScheduleResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Every step of the invoice's plan: pending (with when it fires), fired or skipped (with why)")
    public Uni<List<ScheduledStep>> schedule(@PathParam("invoiceId") UUID invoiceId) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT reminder_key, plan_id, step_id, step_order, fire_date, fire_at, status, "
                        + "reason FROM schedule WHERE tenant_id = :t AND invoice_id = :i ORDER BY step_order",
                        Object[].class)
                .setParameter("t", t).setParameter("i", invoiceId).getResultList()
                .chain(rows -> s.createNativeQuery("SELECT count(*) FROM invoices WHERE tenant_id = :t AND id = :i",
                                Long.class).setParameter("t", t).setParameter("i", invoiceId).getSingleResult()
                        .invoke(n -> {
                            if (n == 0) {
                                throw new NotFound("invoice", invoiceId);
                            }
                        })
                        .map(n -> rows.stream().map(r -> new ScheduledStep((String) r[0], (UUID) r[1], (UUID) r[2],
                                ((Number) r[3]).intValue(), SqlValues.date(r[4]), SqlValues.instant(r[5]), (String) r[6],
                                (String) r[7])).toList()))));
    }
}
