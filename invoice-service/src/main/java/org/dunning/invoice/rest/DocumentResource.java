package org.dunning.invoice.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.dunning.invoice.domain.UploadedDocuments;
import org.dunning.invoice.persistence.DocumentRepository;
import org.dunning.platform.domain.NotFound;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An uploaded invoice document (R8.1), served to whoever holds its link: the token in the link is 256 random bits,
 * so the link is the capability (as a pre-signed URL is), and no token of a tenant is needed — notification-service
 * fetches it like any document URL. An unknown token is 404, the same as one never issued.
 */
@Path("/documents")
@PermitAll
public class DocumentResource {

    private final DocumentRepository documents;

    public DocumentResource(DocumentRepository documents) {
        this.documents = documents;
    }

    @GET
    @Path("/{token}")
    @Produces({UploadedDocuments.PDF, UploadedDocuments.XML, UploadedDocuments.TEXT_XML})
    @Operation(summary = "An uploaded invoice document, by the link the invoice's documentUrl holds (no token needed: "
            + "the link is the capability)")
    @APIResponse(responseCode = "200", description = "The document as uploaded", content = {
            @Content(mediaType = UploadedDocuments.PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = UploadedDocuments.XML, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> document(@PathParam("token") String token) {
        return documents.find(token).map(found -> found.map(d -> Response.ok(d.content(), d.contentType())
                        .header("Cache-Control", "private, max-age=3600")
                        .header("X-Content-Type-Options", "nosniff").build())
                .orElseThrow(() -> new NotFound("document", token)));
    }
}
