package org.dunning.invoice.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.contract.PostalAddress;
import org.dunning.invoice.domain.Contact;
import org.dunning.invoice.domain.Customers;
import org.dunning.invoice.domain.InternalUser;
import org.dunning.invoice.persistence.CustomerRow;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.rest.Page;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.dunning.platform.persistence.SqlValues;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class CustomerResource {

    /** A contact as a caller gives it (whether it bounced is the service's to know). */
    public record ContactInput(String name, String email, String phone, String role) {
    }

    /** {@code billingAddress}: where letters go (R2.4); a PUT without one removes it. */
    public record RegisterCustomer(String name, String language, String segment, List<ContactInput> contacts,
                                   String externalReference, List<InternalUser> internalUsers,
                                   PostalAddress billingAddress) {
        Customers.Details details() {
            return new Customers.Details(name, language, segment, contacts == null ? null : contacts.stream()
                    .map(c -> c == null ? null : Contact.of(c.name(), c.email(), c.phone(), c.role())).toList(),
                    externalReference, internalUsers, billingAddress);
        }
    }

    public record CustomerView(UUID id, String name, String language, String segment, List<Contact> contacts,
                               String externalReference, List<InternalUser> internalUsers,
                               PostalAddress billingAddress, boolean archived, long version) {
        static CustomerView of(CustomerRow r) {
            return new CustomerView(r.id, r.name, r.language, r.segment, r.contacts, r.externalReference,
                    r.internalUsers, r.billingAddress, r.archived, r.version);
        }
    }

    public record Bounce(String email) {
    }

    public record Balance(String currency, long openInvoices, BigDecimal outstanding, long overdueInvoices,
                          BigDecimal overdue) {
    }

    private final LedgerRepository ledger;
    private final Tenant tenant;
    private final Clock clock;
    private final ZoneId zone;

    public CustomerResource(LedgerRepository ledger, Tenant tenant, Clock clock,
                            @ConfigProperty(name = "dunning.ledger.zone", defaultValue = "Europe/Paris") ZoneId zone) {
        this.ledger = ledger;
        this.tenant = tenant;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    @Path("/{id}/balance")
    @Operation(summary = "What the customer owes, per currency: open invoices and the overdue part")
    public Uni<List<Balance>> balance(@PathParam("id") UUID id) {
        return ledger.balance(tenant.id(), id, clock.instant().atZone(zone).toLocalDate())
                .map(rows -> rows.stream().map(r -> new Balance(((String) r[0]).trim(), ((Number) r[1]).longValue(),
                        SqlValues.decimal(r[2]), ((Number) r[4]).longValue(), SqlValues.decimal(r[3]))).toList());
    }

    @POST
    @Operation(summary = "Register a customer (a debtor) with its contacts")
    @APIResponseSchema(value = CustomerView.class, responseCode = "201", responseDescription = "The customer registered; Location names it")
    public Uni<Response> register(@HeaderParam("Idempotency-Key") String idempotencyKey, RegisterCustomer body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        UUID id = UUID.randomUUID();
        return ledger.register(tenant.id(), idempotencyKey, body, new Customers.RegisterCustomer(id, body.details()))
                .map(row -> Response.created(URI.create("/customers/" + row.id)).entity(CustomerView.of(row)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One customer of the caller's tenant; its ETag is its version")
    @APIResponseSchema(value = CustomerView.class, responseCode = "200", responseDescription = "The customer; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return ledger.customer(tenant.id(), id).map(CustomerResource::withEtag);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace the customer's name, language, segment, contacts and billing address (If-Match: "
            + "its ETag)")
    @APIResponseSchema(value = CustomerView.class, responseCode = "200", responseDescription = "The customer as changed; ETag is its new version")
    public Uni<Response> update(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, RegisterCustomer body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        Customers.UpdateCustomer command = new Customers.UpdateCustomer(body.details());
        return ledger.changeCustomer(tenant.id(), id, Versions.ifMatch(ifMatch), state -> Customers.decide(command, state))
                .map(CustomerResource::withEtag);
    }

    @POST
    @Path("/{id}/bounces")
    @Operation(summary = "Mark the contact with this address as bounced: it is not e-mailed until its address changes")
    @APIResponseSchema(value = CustomerView.class, responseCode = "200", responseDescription = "The customer as changed; ETag is its new version")
    public Uni<Response> bounced(@PathParam("id") UUID id, Bounce body) {
        Customers.MarkBounced command = new Customers.MarkBounced(body == null ? null : body.email());
        return ledger.changeCustomer(tenant.id(), id, null, state -> Customers.decide(command, state))
                .map(CustomerResource::withEtag);
    }

    @POST
    @Path("/{id}/archive")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Archive the customer: it leaves the lists and takes no new invoices")
    @APIResponseSchema(value = CustomerView.class, responseCode = "200", responseDescription = "The customer as archived; ETag is its new version")
    public Uni<Response> archive(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return ledger.changeCustomer(tenant.id(), id, Versions.ifMatch(ifMatch),
                state -> Customers.decide(new Customers.Archive(), state)).map(CustomerResource::withEtag);
    }

    private static Response withEtag(CustomerRow row) {
        return Response.ok(CustomerView.of(row)).header(HttpHeaders.ETAG, Versions.etag(row.version)).build();
    }

    @GET
    @Operation(summary = "The tenant's customers, by name, one page at a time")
    public Uni<Page<CustomerView>> list(@QueryParam("archived") @DefaultValue("false") boolean archived,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        return ledger.customers(tenant.id(), archived, page, size)
                .map(rows -> Page.of(rows, CustomerView::of, page, size));
    }
}
