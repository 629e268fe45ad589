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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.plan.domain.Plans;
import org.dunning.plan.domain.Step;
import org.dunning.plan.persistence.AssignmentRow;
import org.dunning.plan.persistence.PlanRepository;
import org.dunning.plan.persistence.PlanRow;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.rest.Page;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class PlanResource {

    public record CreatePlan(String name, List<Step> steps) {
    }

    public record PlanView(UUID id, String name, String planType, List<Step> steps, long version) {
        static PlanView of(PlanRow r) {
            return new PlanView(r.id, r.name, r.planType, r.steps, r.version);
        }
    }

    public record AssignPlan(UUID planId) {
    }

    public record AssignmentView(UUID customerId, UUID planId, long version) {
        static AssignmentView of(AssignmentRow r) {
            return new AssignmentView(r.key.customerId(), r.planId, r.version);
        }
    }

    private final PlanRepository plans;
    private final Tenant tenant;

    public PlanResource(PlanRepository plans, Tenant tenant) {
        this.plans = plans;
        this.tenant = tenant;
    }

    @POST
    @Path("plans")
    @Operation(summary = "Create an escalation-per-invoice plan with its steps")
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, CreatePlan body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        UUID id = UUID.randomUUID();
        return plans.create(tenant.id(), idempotencyKey, body, new Plans.CreatePlan(id, body.name(), body.steps()))
                .map(row -> Response.created(URI.create("/plans/" + row.id)).entity(PlanView.of(row)).build());
    }

    @GET
    @Path("plans/{id}")
    @Operation(summary = "One plan of the caller's tenant")
    public Uni<PlanView> get(@PathParam("id") UUID id) {
        return plans.plan(tenant.id(), id).map(PlanView::of);
    }

    @GET
    @Path("plans")
    @Operation(summary = "The tenant's plans by name, one page at a time")
    public Uni<Page<PlanView>> list(@QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        return plans.plans(tenant.id(), page, size)
                .map(rows -> Page.of(rows, PlanView::of, page, size));
    }

    @PUT
    @Path("customers/{customerId}/plan")
    @Operation(summary = "Assign a plan to a customer (replaces the one it had)")
    public Uni<AssignmentView> assign(@PathParam("customerId") UUID customerId, AssignPlan body) {
        return plans.assign(tenant.id(), new Plans.AssignPlan(customerId, body == null ? null : body.planId()))
                .map(AssignmentView::of);
    }

    @GET
    @Path("customers/{customerId}/plan")
    @Operation(summary = "The plan assigned to a customer")
    public Uni<AssignmentView> assignment(@PathParam("customerId") UUID customerId) {
        return plans.assignment(tenant.id(), customerId).map(AssignmentView::of);
    }
}
