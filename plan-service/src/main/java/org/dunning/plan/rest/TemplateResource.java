package org.dunning.plan.rest;

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
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.plan.domain.Templates;
import org.dunning.plan.persistence.PlanRepository;
import org.dunning.plan.persistence.TemplateRow;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.rest.Page;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.dunning.templates.LetterLayout;
import org.dunning.templates.Placeholders;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class TemplateResource {

    public record TemplateView(UUID id, String key, TemplateKind kind, String name, List<TemplateVariant> variants,
                               boolean archived, long version) {
        static TemplateView of(TemplateRow r) {
            return new TemplateView(r.id, r.key, TemplateKind.valueOf(r.kind), r.name, r.variants, r.archived,
                    r.version);
        }
    }

    /** Preview of a saved template: in a language, on sample data or on a real invoice of the tenant. */
    public record PreviewRequest(String language, UUID invoiceId) {
    }

    /**
     * Preview of a template being written: its subject and body, checked first; {@code kind} SMS renders it as a
     * text message (default: as e-mail HTML).
     */
    public record DraftPreviewRequest(String language, String subject, String body, UUID invoiceId,
                                      TemplateKind kind) {
    }

    private final PlanRepository plans;
    private final Previews previews;
    private final Tenant tenant;

    public TemplateResource(PlanRepository plans, Previews previews, Tenant tenant) {
        this.plans = plans;
        this.previews = previews;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Create an e-mail or letter template with one variant per language; unknown placeholders "
            + "are refused (422 naming the variant and the line). Idempotency-Key honoured")
    @APIResponseSchema(value = TemplateView.class, responseCode = "201", responseDescription = "The template created; Location names it, ETag is its version")
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, Templates.Content body) {
        return plans.createTemplate(tenant.id(), idempotencyKey, body)
                .map(row -> Response.created(URI.create("/templates/" + row.id)).entity(TemplateView.of(row))
                        .header(HttpHeaders.ETAG, Versions.etag(row.version)).build());
    }

    @GET
    @Operation(summary = "The tenant's templates by key, optionally of one kind; archived ones with archived=true")
    public Uni<Page<TemplateView>> list(@QueryParam("kind") TemplateKind kind,
                                        @QueryParam("archived") @DefaultValue("false") boolean archived,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        return plans.templates(tenant.id(), kind, archived, page, size)
                .map(rows -> Page.of(rows, TemplateView::of, page, size));
    }

    @GET
    @Path("placeholders")
    @Operation(summary = "Every placeholder a template may use, with what it holds")
    public List<Placeholders.Path> placeholders() {
        return Placeholders.paths();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One template at its current version; its ETag is the version")
    @APIResponseSchema(value = TemplateView.class, responseCode = "200", responseDescription = "The template; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return plans.template(tenant.id(), id).map(TemplateResource::ok);
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Edit a template's name and variants (key and kind stay). If-Match: its ETag")
    @APIResponseSchema(value = TemplateView.class, responseCode = "200", responseDescription = "The template as revised; ETag is its new version")
    public Uni<Response> revise(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                Templates.Content body) {
        return plans.reviseTemplate(tenant.id(), id, Versions.ifMatch(ifMatch), body).map(TemplateResource::ok);
    }

    @POST
    @Path("{id}/archive")
    @Operation(summary = "Archive a template no active plan names. If-Match: its ETag")
    @APIResponseSchema(value = TemplateView.class, responseCode = "200", responseDescription = "The template as archived; ETag is its new version")
    public Uni<Response> archive(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return plans.archiveTemplate(tenant.id(), id, Versions.ifMatch(ifMatch)).map(TemplateResource::ok);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "Every version of the template, oldest first")
    public Uni<List<PlanResource.HistoryEntry>> history(@PathParam("id") UUID id) {
        return plans.template(tenant.id(), id)
                .chain(row -> plans.history(tenant.id(), PlanRepository.templateStream(id)))
                .map(PlanResource.HistoryEntry::of);
    }

    @POST
    @Path("{id}/preview")
    @Operation(summary = "Render a saved template as it would be sent: in a language (default: the invoice's "
            + "customer's, else en), on sample data or on a real invoice (invoiceId), with the tenant's settings")
    public Uni<Previews.Preview> preview(@PathParam("id") UUID id, @HeaderParam("Authorization") String authorization,
                                         @RequestBody(required = false) PreviewRequest body) {
        PreviewRequest r = body == null ? new PreviewRequest(null, null) : body;
        return plans.template(tenant.id(), id).chain(row -> previews.render(tenant.id(), authorization,
                r.language(), r.invoiceId(), TemplateKind.valueOf(row.kind),
                language -> Templates.variant(row.variants, language)));
    }

    @POST
    @Path("{id}/preview")
    @Produces({PDF, PNG})
    @Operation(summary = "Print a saved template as a letter (Accept: application/pdf, or image/png for its first "
            + "page): laid out for the customer's window envelope with the tenant's letterhead, on sample data (a "
            + "customer with an address) or on a real invoice")
    @APIResponse(responseCode = "200", description = "The letter", content = {
            @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = PNG, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> printed(@PathParam("id") UUID id, @HeaderParam("Authorization") String authorization,
                                 @HeaderParam("Accept") String accept,
                                 @RequestBody(required = false) PreviewRequest body) {
        PreviewRequest r = body == null ? new PreviewRequest(null, null) : body;
        return plans.template(tenant.id(), id).chain(row -> previews.letter(tenant.id(), authorization,
                r.language(), r.invoiceId(), language -> Templates.variant(row.variants, language)))
                .map(printed -> printed(printed, accept));
    }

    @POST
    @Path("preview")
    @Produces({PDF, PNG})
    @Operation(summary = "Check a template that is not saved yet and print it as a letter (Accept: application/pdf "
            + "or image/png)")
    @APIResponse(responseCode = "200", description = "The letter", content = {
            @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = PNG, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> printedDraft(@HeaderParam("Authorization") String authorization,
                                      @HeaderParam("Accept") String accept, DraftPreviewRequest body) {
        checkDraft(body);
        return previews.letter(tenant.id(), authorization, body.language(), body.invoiceId(),
                language -> new TemplateVariant(language, body.subject(), body.body()))
                .map(printed -> printed(printed, accept));
    }

    static final String PDF = "application/pdf";
    static final String PNG = "image/png";
    /** The resolution of a page's picture: enough to read 8 pt text. */
    static final int PNG_DPI = 110;

    private static Response printed(LetterLayout.Printed printed, String accept) {
        boolean png = accept != null && accept.contains(PNG) && !accept.contains(PDF);
        return png ? Response.ok(LetterLayout.firstPagePng(printed.pdf(), PNG_DPI), PNG).build()
                : Response.ok(printed.pdf(), PDF).header("X-Pages", printed.pages())
                .header("Content-Disposition", "inline; filename=\"letter.pdf\"").build();
    }

    @POST
    @Path("preview")
    @Operation(summary = "Check and render a template that is not saved yet (subject and body), on sample data or "
            + "on a real invoice")
    public Uni<Previews.Preview> previewDraft(@HeaderParam("Authorization") String authorization,
                                              DraftPreviewRequest body) {
        checkDraft(body);
        return previews.render(tenant.id(), authorization, body.language(), body.invoiceId(), body.kind(),
                language -> new TemplateVariant(language, body.subject(), body.body()));
    }

    private static void checkDraft(DraftPreviewRequest body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        Templates.checkText(new Violations(), "", body.kind(), body.subject(), body.body()).throwIfAny();
    }

    static Response ok(TemplateRow row) {
        return Response.ok(TemplateView.of(row)).header(HttpHeaders.ETAG, Versions.etag(row.version)).build();
    }
}
