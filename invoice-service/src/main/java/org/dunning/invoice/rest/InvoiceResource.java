package org.dunning.invoice.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.invoice.domain.Invoices;
import org.dunning.invoice.persistence.InvoiceRow;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class InvoiceResource {

    public record IssueInvoice(UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                               String currency, BigDecimal amount) {
    }

    public record InvoiceView(UUID id, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                              String currency, BigDecimal amount, BigDecimal outstanding, String status, long version) {
        static InvoiceView of(InvoiceRow r) {
            return new InvoiceView(r.id, r.customerId, r.number, r.issueDate, r.dueDate, r.currency, r.amount,
                    r.outstanding, r.status, r.version);
        }
    }

    public record HistoryEntry(long version, String type, Instant occurredAt, Object data) {
    }

    private final LedgerRepository ledger;
    private final Tenant tenant;

    public InvoiceResource(LedgerRepository ledger, Tenant tenant) {
        this.ledger = ledger;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Issue an invoice to a customer")
    public Uni<Response> issue(IssueInvoice body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        UUID id = UUID.randomUUID();
        return ledger.issue(tenant.id(), new Invoices.IssueInvoice(id, body.customerId(), body.number(),
                        body.issueDate(), body.dueDate(), body.currency(), body.amount()))
                .map(row -> Response.created(URI.create("/invoices/" + id)).entity(InvoiceView.of(row)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One invoice of the caller's tenant")
    public Uni<InvoiceView> get(@PathParam("id") UUID id) {
        return ledger.invoice(tenant.id(), id).map(InvoiceView::of);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the invoice, oldest first")
    public Uni<List<HistoryEntry>> history(@PathParam("id") UUID id) {
        return ledger.invoice(tenant.id(), id)
                .chain(row -> ledger.history(tenant.id(), LedgerRepository.invoiceStream(id)))
                .map(events -> events.stream().map(e -> new HistoryEntry(e.version(), e.type(), e.occurredAt(),
                        e.dataAs(java.util.Map.class))).toList());
    }

    @GET
    @Operation(summary = "The tenant's invoices by due date, optionally of one customer, one page at a time")
    public Uni<Page<InvoiceView>> list(@QueryParam("customerId") UUID customerId,
                                       @QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        return ledger.invoices(tenant.id(), customerId, page, size)
                .map(rows -> Page.of(rows, InvoiceView::of, page, size));
    }
}
