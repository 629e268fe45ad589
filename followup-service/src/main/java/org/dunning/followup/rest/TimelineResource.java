package org.dunning.followup.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.dunning.followup.persistence.Directory;
import org.dunning.followup.persistence.Json;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The story of an invoice or a customer (R5.3), oldest first: invoice facts, steps fired or skipped and why, e-mails
 * sent (with what was sent), failed or suppressed, drafts and their approval, letters, tasks and their outcomes,
 * contacts logged by hand.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class TimelineResource {

    public record Entry(Instant at, String kind, String summary, UUID customerId, List<UUID> invoiceIds,
                        JsonNode details) {
    }

    private final Tenant tenant;
    private final Directory directory;

    public TimelineResource(Tenant tenant, Directory directory) {
        this.tenant = tenant;
        this.directory = directory;
    }

    @GET
    @Path("invoices/{id}/timeline")
    @Operation(summary = "Everything that happened to one invoice, oldest first")
    public Uni<Page<Entry>> invoice(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("100") int size) {
        // @>, not = ANY(...): the containment is what the GIN index on invoice_ids answers (= ANY scanned every row
        // of the tenant's timeline)
        return read("invoice_ids @> ARRAY[cast(:id as uuid)]", id, page, size, s -> directory
                .customersOf(s, tenant.id(), List.of(id)).map(owners -> owners.containsKey(id)), "invoice");
    }

    @GET
    @Path("customers/{id}/timeline")
    @Operation(summary = "Everything that happened to a customer and its invoices, oldest first")
    public Uni<Page<Entry>> customer(@PathParam("id") UUID id, @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("100") int size) {
        return read("customer_id = :id", id, page, size, s -> directory.knowsCustomer(s, tenant.id(), id), "customer");
    }

    /** The timeline of an invoice or customer the tenant has (404 for one it does not). */
    private Uni<Page<Entry>> read(String where, UUID id, int page, int size,
                                  java.util.function.Function<Mutiny.Session, Uni<Boolean>> known, String what) {
        Page.check(page, size);
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> known.apply(s).invoke(k -> {
                    if (!k) {
                        throw new NotFound(what, id);
                    }
                }).chain(() -> Sql.of(s, "SELECT at, kind, summary, customer_id, array_to_string(invoice_ids, ','), details "
                        + "FROM timeline WHERE tenant_id = :t AND " + where + " ORDER BY at, id "
                        + "LIMIT :limit OFFSET :offset")
                .setParameter("t", t).setParameter("id", id).setParameter("limit", size)
                .setParameter("offset", page * size).getResultList()
                .map(rows -> Page.of(rows, r -> new Entry(SqlValues.instant(r[0]), (String) r[1], (String) r[2],
                        SqlValues.uuid(r[3]), SqlValues.uuids(r[4]), Json.read((String) r[5])), page, size)))));
    }
}
