package org.dunning.notification.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/sms")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class SmsResource {

    /**
     * A text message (R8.2): {@code to} as the contact has it ('' when none of the step's contacts had a number),
     * {@code e164} the number it goes to (null when it is none), the text and its {@code segments} and
     * {@code encoding} (GSM_7, UCS_2); {@code status} PENDING, SENT ({@code providerId}), FAILED or SUPPRESSED with
     * {@code error}.
     */
    public record SmsView(UUID id, String reminderKey, UUID customerId, List<UUID> invoiceIds, String stepName,
                          String to, String e164, String language, String text, Integer segments, String encoding,
                          String status, int attempts, String providerId, String error, Instant createdAt,
                          Instant sentAt) {
    }

    static final Set<String> STATUSES = Set.of("PENDING", "SENT", "FAILED", "SUPPRESSED");
    private static final String COLUMNS = "id, reminder_key, customer_id, array_to_string(invoice_ids, ','), "
            + "step_name, to_number, e164, language, text, segments, encoding, status, attempts, provider_id, error, "
            + "created_at, sent_at";

    private final Tenant tenant;

    public SmsResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The tenant's text messages (R8.2), newest first; filter by status, customer, invoice or "
            + "reminder")
    public Uni<Page<SmsView>> list(@QueryParam("status") String status, @QueryParam("customerId") UUID customerId,
                                   @QueryParam("invoiceId") UUID invoiceId,
                                   @QueryParam("reminderKey") String reminderKey,
                                   @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        new Violations().check(status == null || STATUSES.contains(status), "status",
                "one of PENDING, SENT, FAILED, SUPPRESSED").throwIfAny();
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT " + COLUMNS + " FROM sms WHERE tenant_id = :t "
                        + "AND (cast(:st as text) IS NULL OR status = :st) "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) "
                        + "AND (cast(:i as uuid) IS NULL OR cast(:i as uuid) = ANY(invoice_ids)) "
                        + "AND (cast(:k as text) IS NULL OR reminder_key = :k) "
                        + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .setParameter("t", t).setParameter("st", status).setParameter("c", customerId)
                .setParameter("i", invoiceId).setParameter("k", reminderKey)
                .setParameter("limit", size).setParameter("offset", page * size).getResultList()
                .map(rows -> Page.of(rows, SmsResource::view, page, size))));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One text message")
    public Uni<SmsView> get(@PathParam("id") UUID id) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT " + COLUMNS + " FROM sms WHERE tenant_id = :t AND id = :id")
                        .setParameter("t", t).setParameter("id", id).getResultList()
                .map(rows -> rows.stream().findFirst().map(SmsResource::view)
                        .orElseThrow(() -> new NotFound("text message", id)))));
    }

    private static SmsView view(Object[] r) {
        return new SmsView(SqlValues.uuid(r[0]), (String) r[1], SqlValues.uuid(r[2]), SqlValues.uuids(r[3]),
                (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                r[9] == null ? null : ((Number) r[9]).intValue(), (String) r[10], (String) r[11],
                ((Number) r[12]).intValue(), (String) r[13], (String) r[14], SqlValues.instant(r[15]),
                SqlValues.instant(r[16]));
    }
}
