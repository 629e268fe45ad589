package org.dunning.followup.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.dunning.contract.EventCodec;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class TaskResource {

    public record TaskView(UUID id, String type, String status, String title, UUID customerId, String customerName,
                           JsonNode contacts, JsonNode invoices, LocalDate dueDate, String reminderKey,
                           Instant createdAt) {
    }

    static final Set<String> TYPES = Set.of("CALL");
    static final Set<String> STATUSES = Set.of("OPEN");

    private final Tenant tenant;

    public TaskResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The tenant's follow-up tasks by due date; filter by type, status, customer")
    public Uni<Page<TaskView>> list(@QueryParam("type") String type, @QueryParam("status") String status,
                                    @QueryParam("customerId") UUID customerId,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("50") int size) {
        new Violations().check(type == null || TYPES.contains(type), "type", "one of " + TYPES)
                .check(status == null || STATUSES.contains(status), "status", "one of " + STATUSES)
                .throwIfAny();
        Page.check(page, size);
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT id, type, status, title, customer_id, customer_name, contacts, invoices, "
                        + "due_date, reminder_key, created_at FROM tasks WHERE tenant_id = :t "
                        + "AND (cast(:type as text) IS NULL OR type = :type) "
                        + "AND (cast(:status as text) IS NULL OR status = :status) "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) "
                        + "ORDER BY due_date, created_at, id LIMIT :limit OFFSET :offset", Object[].class)
                .setParameter("t", t).setParameter("type", type).setParameter("status", status)
                .setParameter("c", customerId).setParameter("limit", size).setParameter("offset", page * size)
                .getResultList()
                .map(rows -> Page.of(rows, r -> new TaskView((UUID) r[0], (String) r[1], (String) r[2],
                        (String) r[3], (UUID) r[4], (String) r[5], json((String) r[6]), json((String) r[7]),
                        SqlValues.date(r[8]), (String) r[9], SqlValues.instant(r[10])), page, size))));
    }

    private static JsonNode json(String s) {
        try {
            return EventCodec.mapper().readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
