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
import jakarta.ws.rs.core.Response;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PostalAddress;
import org.dunning.platform.domain.Conflict;

import java.util.List;
import java.util.UUID;

@Path("/letters")
@RolesAllowed("user")
public class LetterResource {

    /**
     * A letter: {@code address} the postal address it was printed for; {@code problem} why no letter was made (the
     * customer had no address: then {@code documentPath} is null and {@code pages} 0).
     */
    public record LetterView(UUID id, String reminderKey, UUID customerId, String customerName, List<UUID> invoiceIds,
                             String stepName, String title, String language, int pages, String documentPath,
                             Instant createdAt, String postalStatus, String postalReference, String postalError,
                             PostalAddress address, String problem) {
    }

    private static final String COLUMNS = "id, reminder_key, customer_id, customer_name, "
            + "array_to_string(invoice_ids, ','), step_name, title, language, pages, created_at, postal_status, "
            + "postal_reference, postal_error, address, problem";

    private final Tenant tenant;

    public LetterResource(Tenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's letters, newest first; filter by customer or invoice")
    public Uni<Page<LetterView>> list(@QueryParam("customerId") UUID customerId, @QueryParam("invoiceId") UUID invoiceId,
                                      @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT " + COLUMNS + " FROM letters WHERE tenant_id = :t "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) "
                        + "AND (cast(:i as uuid) IS NULL OR cast(:i as uuid) = ANY(invoice_ids)) "
                        + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .setParameter("t", t).setParameter("c", customerId).setParameter("i", invoiceId)
                .setParameter("limit", size).setParameter("offset", page * size).getResultList()
                .map(rows -> Page.of(rows, LetterResource::view, page, size))));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One letter; its PDF is at documentPath. postalStatus (with the postal adapter on): PENDING, "
            + "DRAFTED (postalReference: the provider's draft), FAILED (postalError); problem: why none was made")
    public Uni<LetterView> get(@PathParam("id") UUID id) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT " + COLUMNS + " FROM letters WHERE tenant_id = :t AND id = :id")
                        .setParameter("t", t).setParameter("id", id).getResultList()
                .map(rows -> rows.stream().findFirst().map(LetterResource::view)
                        .orElseThrow(() -> new NotFound("letter", id)))));
    }

    @GET
    @Path("{id}/pdf")
    @Produces("application/pdf")
    @Operation(summary = "The letter as PDF, to print and post")
    @APIResponse(responseCode = "200", description = "The PDF (Content-Disposition: attachment)",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> pdf(@PathParam("id") UUID id) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT pdf, title FROM letters WHERE tenant_id = :t AND id = :id")
                .setParameter("t", t).setParameter("id", id).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new NotFound("letter", id);
                    }
                    if (rows.get(0)[0] == null) {
                        throw new Conflict("no letter was made: the customer has no postal address");
                    }
                    return Response.ok(rows.get(0)[0], "application/pdf")
                            .header("Content-Disposition", "attachment; filename=\"letter-" + id + ".pdf\"").build();
                })));
    }

    private static LetterView view(Object[] r) {
        UUID id = SqlValues.uuid(r[0]);
        boolean printed = r[14] == null;
        return new LetterView(id, (String) r[1], SqlValues.uuid(r[2]), (String) r[3],
                SqlValues.uuids(r[4]),
                (String) r[5], (String) r[6], (String) r[7], ((Number) r[8]).intValue(),
                printed ? "/letters/" + id + "/pdf" : null,
                SqlValues.instant(r[9]), (String) r[10], (String) r[11], (String) r[12],
                r[13] == null ? null : EventCodec.decodeValue((String) r[13], PostalAddress.class), (String) r[14]);
    }
}
