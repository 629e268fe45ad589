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
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/customers/{customerId}/checks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class CheckResource {

    /** One check of a group plan or an overview for the customer; {@code stepId}: the level that fired or was held. */
    public record Check(String reminderKey, UUID planId, String planType, LocalDate checkDate, Instant fireAt,
                        String status, UUID stepId, String reason) {
    }

    private final Tenant tenant;

    public CheckResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The customer's checks of group plans and overviews, oldest first: the next one pending (with "
            + "when it fires), the decided ones fired or skipped (with why)")
    public Uni<List<Check>> checks(@PathParam("customerId") UUID customerId) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT 1 FROM customers WHERE tenant_id = :t AND id = :c")
                .setParameter("t", t).setParameter("c", customerId).column()
                .invoke(known -> {
                    if (known.isEmpty()) {
                        throw new NotFound("customer", customerId);
                    }
                })
                .chain(() -> Sql.of(s, "SELECT reminder_key, plan_id, plan_type, check_date, fire_at, "
                                + "status, step_id, reason FROM customer_schedule WHERE tenant_id = :t "
                                + "AND customer_id = :c ORDER BY check_date, plan_id")
                        .setParameter("t", t).setParameter("c", customerId).getResultList())
                .map(rows -> rows.stream().map(r -> new Check((String) r[0], (UUID) r[1], (String) r[2],
                        SqlValues.date(r[3]), SqlValues.instant(r[4]), (String) r[5], (UUID) r[6], (String) r[7]))
                        .toList())));
    }
}
