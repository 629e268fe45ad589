package org.dunning.escalation.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.escalation.messaging.ProjectionConsumer;
import org.dunning.escalation.projection.Rebuild;
import org.dunning.escalation.scheduling.Engine;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;

@Path("/admin/projection")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    private final Rebuild rebuild;
    private final ProjectionConsumer consumer;
    private final Engine engine;
    private final Clock clock;

    public AdminResource(Rebuild rebuild, ProjectionConsumer consumer, Engine engine, Clock clock) {
        this.rebuild = rebuild;
        this.consumer = consumer;
        this.engine = engine;
        this.clock = clock;
    }

    @POST
    @Path("rebuild")
    @Blocking
    @Operation(summary = "Rebuild the projection (all tenants): empty its tables, restore the engine's decisions from "
            + "its event store, replay the invoice, plan and follow-up topics. Meanwhile the engine and the live "
            + "consumers of every instance wait (and apply what came meanwhile after it); a second rebuild is refused. "
            + "Answers how many decisions were restored and records replayed")
    public Rebuild.Report rebuild() throws Throwable {
        return rebuild.run(ProjectionConsumer.CONSUMER, consumer::replay, engine.defaultSlots(), clock.instant());
    }
}
