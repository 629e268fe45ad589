package org.dunning.insights.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.insights.messaging.IncomingEvents;
import org.dunning.insights.persistence.Rebuild;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/admin/projection")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    private final Rebuild rebuild;
    private final IncomingEvents consumers;

    public AdminResource(Rebuild rebuild, IncomingEvents consumers) {
        this.rebuild = rebuild;
        this.consumers = consumers;
    }

    @POST
    @Path("rebuild")
    @Blocking
    @Operation(summary = "Rebuild the insights (all tenants): empty the projection and replay the invoice, plan, "
            + "reminder and notification topics. Meanwhile the live consumers of every instance wait (and apply what "
            + "came meanwhile after it); a second rebuild is refused. Answers how many records were replayed")
    public Rebuild.Report rebuild() throws Throwable {
        return rebuild.run(consumers::replay);
    }
}
