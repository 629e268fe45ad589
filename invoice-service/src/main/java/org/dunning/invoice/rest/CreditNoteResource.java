package org.dunning.invoice.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.invoice.domain.CreditNotes;
import org.dunning.invoice.persistence.CreditNoteRow;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

@Path("/credit-notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class CreditNoteResource {

    public record IssueCreditNote(UUID customerId, String number, LocalDate issueDate, String currency,
                                  BigDecimal amount) {
    }

    public record Allocation(UUID invoiceId, BigDecimal amount) {
    }

    public record CreditNoteView(UUID id, UUID customerId, String number, LocalDate issueDate, String currency,
                                 BigDecimal amount, BigDecimal unallocated, long version) {
        static CreditNoteView of(CreditNoteRow r) {
            return new CreditNoteView(r.id, r.customerId, r.number, r.issueDate, r.currency.trim(), r.amount,
                    r.unallocated, r.version);
        }
    }

    private final LedgerRepository ledger;
    private final Tenant tenant;

    public CreditNoteResource(LedgerRepository ledger, Tenant tenant) {
        this.ledger = ledger;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Issue a credit note to a customer; allocate it to invoices afterwards")
    @APIResponseSchema(value = CreditNoteView.class, responseCode = "201", responseDescription = "The credit note issued; Location names it")
    public Uni<Response> issue(@HeaderParam("Idempotency-Key") String idempotencyKey, IssueCreditNote body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        return ledger.issueCreditNote(tenant.id(), idempotencyKey, body, new CreditNotes.IssueCreditNote(
                        UUID.randomUUID(), body.customerId(), body.number(), body.issueDate(), body.currency(), body.amount()))
                .map(row -> Response.created(URI.create("/credit-notes/" + row.id)).entity(CreditNoteView.of(row)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One credit note, with what is left to allocate")
    public Uni<CreditNoteView> get(@PathParam("id") UUID id) {
        return ledger.creditNote(tenant.id(), id).map(CreditNoteView::of);
    }

    @POST
    @Path("/{id}/allocations")
    @Operation(summary = "Allocate part of the credit note to an open invoice of the same customer and currency")
    public Uni<CreditNoteView> allocate(@PathParam("id") UUID id, Allocation body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        return ledger.allocate(tenant.id(), id, body.invoiceId(), body.amount()).map(CreditNoteView::of);
    }
}
