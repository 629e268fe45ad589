package org.dunning.notification.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/emails")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class EmailResource {

    public record EmailView(UUID id, String reminderKey, UUID customerId, List<String> to, String subject,
                            String bodyHtml, String messageId, String status, int attempts, String lastError,
                            Instant createdAt, Instant sentAt) {
    }

    static final Set<String> STATUSES = Set.of("PENDING", "SENT", "FAILED");

    private final Tenant tenant;

    public EmailResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The tenant's e-mails, newest first, with what was sent; filter by status or customer")
    public Uni<Page<EmailView>> list(@QueryParam("status") String status, @QueryParam("customerId") UUID customerId,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        new Violations().check(status == null || STATUSES.contains(status), "status", "one of " + STATUSES).throwIfAny();
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT id, reminder_key, customer_id, recipients, subject, body_html, message_id, "
                        + "status, attempts, last_error, created_at, sent_at FROM emails WHERE tenant_id = :t "
                        + "AND (cast(:status as text) IS NULL OR status = :status) "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) "
                        + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset", Object[].class)
                .setParameter("t", t).setParameter("status", status).setParameter("c", customerId)
                .setParameter("limit", size).setParameter("offset", page * size)
                .getResultList()
                .map(rows -> Page.of(rows, r -> new EmailView((UUID) r[0], (String) r[1], (UUID) r[2],
                        ((String) r[3]).isEmpty() ? List.of() : Arrays.asList(((String) r[3]).split(",")), (String) r[4], (String) r[5], (String) r[6],
                        (String) r[7], ((Number) r[8]).intValue(), (String) r[9], SqlValues.instant(r[10]),
                        SqlValues.instant(r[11])), page, size))));
    }
}
