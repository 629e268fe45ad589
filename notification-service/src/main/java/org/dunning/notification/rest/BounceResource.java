package org.dunning.notification.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.contract.NotificationEvents;
import org.dunning.notification.delivery.Published;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

/**
 * Bounces that arrive after the SMTP server accepted a mail: the mail provider's bounce webhook (or an operator)
 * reports them with the Message-ID of the e-mail and the address that bounced.
 */
@Path("/bounces")
@RolesAllowed("user")
public class BounceResource {

    public record Bounce(String messageId, String address, String reason) {
    }

    public record BounceRecorded(UUID emailId, UUID customerId, String address) {
    }

    private final Tenant tenant;
    private final Published published;
    private final Clock clock;

    public BounceResource(Tenant tenant, Published published, Clock clock) {
        this.tenant = tenant;
        this.published = published;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report that a sent e-mail bounced: it becomes BOUNCED, the ledger marks the contact and "
            + "follow-up makes a task (EmailBounced). A second report of the same bounce changes nothing.")
    public Uni<BounceRecorded> report(Bounce b) {
        new Violations().check(b != null && b.messageId() != null && !b.messageId().isBlank(), "messageId", "required")
                .check(b != null && b.address() != null && !b.address().isBlank(), "address", "required")
                .throwIfAny();
        new Violations().text("messageId", b.messageId(), 998).text("address", b.address(), 254)
                .note("reason", b.reason(), Violations.NOTE).throwIfAny();
        String t = tenant.id();
        String reason = b.reason() == null || b.reason().isBlank() ? "reported as bounced" : b.reason();
        return Panache.withTransaction(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT id, customer_id, recipients, status FROM emails WHERE tenant_id = :t AND "
                        + "message_id = :m AND status IN ('SENT', 'BOUNCED') FOR UPDATE")
                .setParameter("t", t).setParameter("m", b.messageId().trim()).getResultList()
                .chain(rows -> {
                    Object[] r = rows.stream().filter(x -> Arrays.stream(((String) x[2]).split(","))
                                    .anyMatch(a -> a.equalsIgnoreCase(b.address().trim()))).findFirst()
                            .orElseThrow(() -> new NotFound("sent e-mail to " + b.address() + " with Message-ID",
                                    b.messageId()));
                    UUID id = SqlValues.uuid(r[0]);
                    UUID customer = SqlValues.uuid(r[1]);
                    BounceRecorded out = new BounceRecorded(id, customer, b.address().trim());
                    if ("BOUNCED".equals(r[3])) {
                        return Uni.createFrom().item(out);
                    }
                    return Sql.of(s, "UPDATE emails SET status = 'BOUNCED', last_error = :why WHERE id = :id")
                            .setParameter("why", reason).setParameter("id", id).executeUpdate()
                            .chain(() -> published.append(s, t, customer, id, new NotificationEvents.EmailBounced(id,
                                    customer, b.address().trim(), reason, clock.instant())))
                            .replaceWith(out);
                })));
    }
}
