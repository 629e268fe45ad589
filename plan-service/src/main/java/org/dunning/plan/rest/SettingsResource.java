package org.dunning.plan.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import org.dunning.contract.PlanEvents;
import org.dunning.plan.domain.Logos;
import org.dunning.plan.domain.Settings;
import org.dunning.platform.domain.NotFound;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.Base64;
import org.dunning.plan.domain.TenantSettings;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class SettingsResource {

    /**
     * The settings; the letterhead's logo is named by its type and size ({@code logo}), its image served at
     * {@code GET /settings/logo}.
     */
    public record SettingsView(TenantSettings settings, LogoView logo, long version) {
    }

    public record LogoView(String contentType, int bytes, String href) {
    }

    private final ActivationRepository activation;
    private final Tenant tenant;

    public SettingsResource(ActivationRepository activation, Tenant tenant) {
        this.activation = activation;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The tenant's settings (the defaults until changed: 09:00 Europe/Paris on weekdays, 13:00 "
            + "Europe/Paris at weekends, no holiday calendar, no minimum gap, charges off, no minimum amounts); ETag: their version")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The tenant's settings; ETag is their version")
    public Uni<Response> get() {
        return activation.settings(tenant.id()).map(SettingsResource::ok);
    }

    @PATCH
    @Operation(summary = "Change some settings: what the body names changes, the rest stays (minimumAmounts, per "
            + "currency the outstanding amount below which nothing is reminded, is replaced whole). If-Match: their ETag")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The settings as changed; ETag is their new version")
    public Uni<Response> change(@HeaderParam("If-Match") String ifMatch, Settings.Change body) {
        return activation.changeSettings(tenant.id(), Versions.ifMatch(ifMatch), body).map(SettingsResource::ok);
    }

    @PUT
    @Path("/logo")
    @Consumes({Logos.PNG, Logos.SVG})
    @Operation(summary = "Set the letterhead's logo: a PNG, or an SVG without scripts or external references, at most "
            + "200 KB (If-Match: the settings' ETag, optional)")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The settings as changed; ETag is their new version")
    public Uni<Response> setLogo(@HeaderParam("If-Match") String ifMatch,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] image) {
        PlanEvents.Logo logo = Logos.check(contentType, image);
        return activation.changeSettings(tenant.id(), Versions.ifMatch(ifMatch),
                state -> Settings.decide(new Settings.SetLogo(logo), state)).map(SettingsResource::ok);
    }

    @DELETE
    @Path("/logo")
    @Operation(summary = "Remove the letterhead's logo (If-Match: the settings' ETag, optional)")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The settings as changed; ETag is their new version")
    public Uni<Response> removeLogo(@HeaderParam("If-Match") String ifMatch) {
        return activation.changeSettings(tenant.id(), Versions.ifMatch(ifMatch),
                state -> Settings.decide(new Settings.SetLogo(null), state)).map(SettingsResource::ok);
    }

    @GET
    @Path("/logo")
    @Produces({Logos.PNG, Logos.SVG})
    @Operation(summary = "The letterhead's logo as it was uploaded")
    @APIResponse(responseCode = "200", description = "The image", content = {
            @Content(mediaType = Logos.PNG, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = Logos.SVG, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> logo() {
        return activation.settings(tenant.id()).map(s -> {
            PlanEvents.Logo logo = s.settings().letterheadOrEmpty().logo();
            if (logo == null) {
                throw new NotFound("logo", "of the letterhead");
            }
            return Response.ok(Base64.getDecoder().decode(logo.data()), logo.contentType()).build();
        });
    }

    static Response ok(Settings.State s) {
        TenantSettings settings = s.settings();
        PlanEvents.Logo logo = settings.letterheadOrEmpty().logo();
        LogoView logoView = null;
        if (logo != null) {
            PlanEvents.Letterhead h = settings.letterhead();
            logoView = new LogoView(logo.contentType(), Base64.getDecoder().decode(logo.data()).length,
                    "/settings/logo");
            settings = settings.withLetterhead(new PlanEvents.Letterhead(h.legalName(), h.address(), h.contactLine(),
                    h.registration(), h.vatId(), h.bank(), null));
        }
        return Response.ok(new SettingsView(settings, logoView, s.version()))
                .header(HttpHeaders.ETAG, Versions.etag(s.version())).build();
    }
}
