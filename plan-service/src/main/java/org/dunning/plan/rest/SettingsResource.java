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
import org.dunning.plan.domain.Settings;
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

    public record SettingsView(TenantSettings settings, long version) {
    }

    private final ActivationRepository activation;
    private final Tenant tenant;

    public SettingsResource(ActivationRepository activation, Tenant tenant) {
        this.activation = activation;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "The tenant's settings (the defaults until changed: 09:00 Europe/Paris on weekdays, 13:00 "
            + "Europe/Paris at weekends, no holiday calendar, no minimum gap, charges off); ETag: their version")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The tenant's settings; ETag is their version")
    public Uni<Response> get() {
        return activation.settings(tenant.id()).map(SettingsResource::ok);
    }

    @PATCH
    @Operation(summary = "Change some settings: what the body names changes, the rest stays. If-Match: their ETag")
    @APIResponseSchema(value = SettingsView.class, responseCode = "200", responseDescription = "The settings as changed; ETag is their new version")
    public Uni<Response> change(@HeaderParam("If-Match") String ifMatch, Settings.Change body) {
        return activation.changeSettings(tenant.id(), Versions.ifMatch(ifMatch), body).map(SettingsResource::ok);
    }

    static Response ok(Settings.State s) {
        return Response.ok(new SettingsView(s.settings(), s.version()))
                .header(HttpHeaders.ETAG, Versions.etag(s.version())).build();
    }
}
