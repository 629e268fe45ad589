package org.dunning.invoice.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.dunning.invoice.domain.InvoiceQuery;
import org.dunning.invoice.domain.Invoices;
import org.dunning.invoice.domain.UploadedDocuments;
import org.dunning.invoice.persistence.DocumentRepository;
import org.dunning.invoice.persistence.IssueBatcher;
import org.dunning.invoice.persistence.InvoiceRow;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.rest.Page;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

@Path("/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class InvoiceResource {

    /** {@code paymentUrl}: where the customer pays it online (R8.1), optional. */
    public record IssueInvoice(UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                               String currency, BigDecimal amount, String paymentUrl) {
    }

    public record InvoiceView(UUID id, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                              String currency, BigDecimal amount, BigDecimal outstanding, String status,
                              boolean disputed, LocalDate expectedPaymentDate, String documentUrl,
                              String paymentUrl, long daysLate, long version) {
        /** {@code daysLate}: calendar days past the due date on the tenant's today, 0 unless open and overdue. */
        static InvoiceView of(InvoiceRow r, LocalDate today) {
            boolean open = "OPEN".equals(r.status) || "PARTIALLY_PAID".equals(r.status);
            long late = open ? Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(r.dueDate, today)) : 0;
            return new InvoiceView(r.id, r.customerId, r.number, r.issueDate, r.dueDate, r.currency, r.amount,
                    r.outstanding, r.status, r.disputed, r.expectedPaymentDate, r.documentUrl, r.paymentUrl, late,
                    r.version);
        }
    }

    public record RecordPayment(String reference, BigDecimal amount, LocalDate paidOn) {
    }

    public record DueDate(LocalDate dueDate) {
    }

    public record Amount(BigDecimal amount) {
    }

    public record Reason(String reason) {
    }

    public record ExpectedPaymentDate(LocalDate date) {
    }

    public record Document(String url) {
    }

    public record HistoryEntry(long version, String type, Instant occurredAt, Object data) {
    }

    private final LedgerRepository ledger;
    private final IssueBatcher issues;
    private final DocumentRepository documents;
    private final Tenant tenant;
    private final Clock clock;
    private final ZoneId zone;
    private final String documentsBaseUrl;

    public InvoiceResource(LedgerRepository ledger, IssueBatcher issues, DocumentRepository documents, Tenant tenant,
                           Clock clock,
                           @ConfigProperty(name = "dunning.ledger.zone", defaultValue = "Europe/Paris") ZoneId zone,
                           @ConfigProperty(name = "dunning.documents.base-url", defaultValue = "http://127.0.0.1:8081")
                           String documentsBaseUrl) {
        this.ledger = ledger;
        this.issues = issues;
        this.documents = documents;
        this.tenant = tenant;
        this.clock = clock;
        this.zone = zone;
        this.documentsBaseUrl = documentsBaseUrl.replaceAll("/+$", "");
    }

    @POST
    @Operation(summary = "Issue an invoice to a customer")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "201", responseDescription = "The invoice issued; Location names it, ETag is its version")
    public Uni<Response> issue(@HeaderParam("Idempotency-Key") String idempotencyKey, IssueInvoice body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        UUID id = UUID.randomUUID();
        return issues.issue(tenant.id(), idempotencyKey, body, new Invoices.IssueInvoice(id, body.customerId(),
                        body.number(), body.issueDate(), body.dueDate(), body.currency(), body.amount(),
                        body.paymentUrl()))
                .map(row -> Response.created(URI.create("/invoices/" + row.id)).entity(InvoiceView.of(row, today()))
                        .header(HttpHeaders.ETAG, Versions.etag(row.version)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One invoice of the caller's tenant; its ETag is its version")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return ledger.invoice(tenant.id(), id).map(this::withEtag);
    }

    @POST
    @Path("/{id}/payments")
    @Operation(summary = "Record a payment (partial or full); the same reference again changes nothing")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> pay(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, RecordPayment body) {
        requireBody(body);
        return change(id, ifMatch, new Invoices.RecordPayment(body.reference(), body.amount(), body.paidOn()));
    }

    @PUT
    @Path("/{id}/due-date")
    @Operation(summary = "Move the due date; steps that have not fired are planned again")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> dueDate(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, DueDate body) {
        requireBody(body);
        return change(id, ifMatch, new Invoices.ChangeDueDate(body.dueDate()));
    }

    @PUT
    @Path("/{id}/amount")
    @Operation(summary = "Correct the invoice amount (not below what was paid)")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> amount(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Amount body) {
        requireBody(body);
        return change(id, ifMatch, new Invoices.ChangeAmount(body.amount()));
    }

    @POST
    @Path("/{id}/cancellation")
    @Operation(summary = "Cancel the invoice: nothing more is reminded")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> cancel(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                         @RequestBody(required = false) Reason body) {
        return change(id, ifMatch, new Invoices.Cancel(body == null ? null : body.reason()));
    }

    @POST
    @Path("/{id}/write-off")
    @Operation(summary = "Write the invoice off: nothing more is reminded")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> writeOff(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                         @RequestBody(required = false) Reason body) {
        return change(id, ifMatch, new Invoices.WriteOff(body == null ? null : body.reason()));
    }

    @PUT
    @Path("/{id}/dispute")
    @Operation(summary = "Open a dispute: the invoice's reminders pause until it is resolved")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> dispute(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                         @RequestBody(required = false) Reason body) {
        return change(id, ifMatch, new Invoices.OpenDispute(body == null ? null : body.reason()));
    }

    @DELETE
    @Path("/{id}/dispute")
    @Operation(summary = "Resolve the dispute")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> resolve(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                 @QueryParam("note") String note) {
        return change(id, ifMatch, new Invoices.ResolveDispute(note));
    }

    @PUT
    @Path("/{id}/expected-payment-date")
    @Operation(summary = "Set the date the customer promised to pay")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> expect(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                ExpectedPaymentDate body) {
        requireBody(body);
        if (body.date() == null) {
            throw ValidationFailed.of("date", "required (DELETE clears it)");
        }
        return change(id, ifMatch, new Invoices.SetExpectedPaymentDate(body.date()));
    }

    @PUT
    @Path("/{id}/document")
    @Operation(summary = "Link the invoice document (an http(s) URL, e.g. the PDF in the ERP's archive)")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> document(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Document body) {
        requireBody(body);
        return change(id, ifMatch, new Invoices.AttachDocument(body.url()));
    }

    @PUT
    @Path("/{id}/document/file")
    @Consumes({UploadedDocuments.PDF, UploadedDocuments.XML, UploadedDocuments.TEXT_XML})
    @Operation(summary = "Upload the invoice document (R8.1: a PDF or an XML e-invoice, within the request body "
            + "limit); it is stored here and linked as the invoice's documentUrl, which e-mails that attach the "
            + "documents fetch")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> uploadDocument(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                        @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] content) {
        String type = UploadedDocuments.check(contentType, content);
        String t = tenant.id();
        String token = documents.newToken();
        // stored first: a link is only ever published to a stored document (an upload whose link is refused, e.g.
        // by If-Match, leaves a row nobody links to)
        return ledger.invoice(t, id)
                .chain(() -> documents.store(token, t, id, type, content, clock.instant()))
                .chain(() -> change(id, ifMatch, new Invoices.AttachDocument(documentsBaseUrl + "/documents/"
                        + token)));
    }

    @PUT
    @Path("/{id}/payment-link")
    @Operation(summary = "Set where the customer pays the invoice online (R8.1: an http(s) URL, e.g. a payment "
            + "provider's checkout); reminders show it as {invoice.paymentUrl}")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> paymentLink(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                     Document body) {
        requireBody(body);
        new org.dunning.platform.domain.Violations().check(body.url() != null && !body.url().isBlank(), "url",
                "required (DELETE removes the link)").throwIfAny();
        return change(id, ifMatch, new Invoices.SetPaymentLink(body.url()));
    }

    @DELETE
    @Path("/{id}/payment-link")
    @Operation(summary = "Remove the invoice's payment link")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> removePaymentLink(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return change(id, ifMatch, new Invoices.SetPaymentLink(null));
    }

    @DELETE
    @Path("/{id}/expected-payment-date")
    @Operation(summary = "Clear the expected payment date")
    @APIResponseSchema(value = InvoiceView.class, responseCode = "200", responseDescription = "The invoice as changed; ETag is its new version")
    public Uni<Response> clearExpected(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return change(id, ifMatch, new Invoices.SetExpectedPaymentDate(null));
    }

    private Uni<Response> change(UUID id, String ifMatch, Invoices.Command command) {
        return ledger.change(tenant.id(), id, Versions.ifMatch(ifMatch), command).map(this::withEtag);
    }

    private Response withEtag(InvoiceRow row) {
        return Response.ok(InvoiceView.of(row, today())).header(HttpHeaders.ETAG, Versions.etag(row.version)).build();
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
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
    @Operation(summary = "The tenant's invoices, filtered and sorted (sort=dueDate|-dueDate|number|amount|"
            + "outstanding|issueDate), one page at a time; days late count in the tenant's time zone")
    public Uni<Page<InvoiceView>> list(@QueryParam("customerId") UUID customerId,
                                       @QueryParam("status") String status,
                                       @QueryParam("overdue") Boolean overdue,
                                       @QueryParam("disputed") Boolean disputed,
                                       @QueryParam("dueFrom") LocalDate dueFrom,
                                       @QueryParam("dueTo") LocalDate dueTo,
                                       @QueryParam("daysLateFrom") Integer daysLateFrom,
                                       @QueryParam("daysLateTo") Integer daysLateTo,
                                       @QueryParam("sort") String sort,
                                       @QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        InvoiceQuery query = InvoiceQuery.of(customerId, status, overdue, disputed, dueFrom, dueTo, daysLateFrom,
                daysLateTo, sort);
        return ledger.invoices(tenant.id(), query, today(), page, size)
                .map(rows -> Page.of(rows, row -> InvoiceView.of(row, today()), page, size));
    }

    private LocalDate today() {
        return clock.instant().atZone(zone).toLocalDate();
    }
}
