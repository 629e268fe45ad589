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
import org.dunning.contract.PlanEvents.GroupSettings;
import org.dunning.contract.PlanEvents.OverviewSettings;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.Step;
import org.dunning.plan.domain.PlanInput;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.plan.persistence.PlanRepository;
import org.dunning.plan.persistence.PlanRow;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.rest.Page;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class PlanResource {

    /** {@code maxAutomaticReminders}: R8.3, at most this many automatic messages per invoice (null: no limit). */
    public record PlanView(UUID id, String name, PlanType planType, List<Step> steps, GroupSettings group,
                           OverviewSettings overview, Integer maxAutomaticReminders, boolean archived, long version) {
        static PlanView of(PlanRow r) {
            return new PlanView(r.id, r.name, PlanType.valueOf(r.planType), r.steps, r.group, r.overview,
                    r.maxAutomaticReminders, r.archived, r.version);
        }
    }

    /** One version of a stream: what happened, when, and the data (for plans: the whole definition at that version). */
    public record HistoryEntry(long version, String type, Instant occurredAt, Map<?, ?> data) {
        static List<HistoryEntry> of(List<StoredEvent> events) {
            return events.stream().map(e -> new HistoryEntry(e.version(), e.type(), e.occurredAt(),
                    e.dataAs(Map.class))).toList();
        }
    }

    public record StarterKitView(boolean installedNow, List<UUID> planIds, List<UUID> templateIds) {
    }

    private final PlanRepository plans;
    private final ActivationRepository activation;
    private final Tenant tenant;
    private final Clock clock;

    public PlanResource(PlanRepository plans, ActivationRepository activation, Tenant tenant, Clock clock) {
        this.plans = plans;
        this.activation = activation;
        this.tenant = tenant;
        this.clock = clock;
    }

    @POST
    @Path("plans")
    @Operation(summary = "Create a plan of one of the three types (R1.1–R1.3); Idempotency-Key honoured")
    @APIResponseSchema(value = PlanView.class, responseCode = "201", responseDescription = "The plan created; Location names it, ETag is its version")
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, PlanInput body) {
        if (body == null) {
            throw ValidationFailed.of("body", "required");
        }
        return plans.create(tenant.id(), idempotencyKey, body)
                .map(row -> Response.created(URI.create("/plans/" + row.id)).entity(PlanView.of(row))
                        .header(HttpHeaders.ETAG, Versions.etag(row.version)).build());
    }

    @GET
    @Path("plans/{id}")
    @Operation(summary = "One plan at its current version; its ETag is the version")
    @APIResponseSchema(value = PlanView.class, responseCode = "200", responseDescription = "The plan; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return plans.plan(tenant.id(), id).map(PlanResource::ok);
    }

    @PUT
    @Path("plans/{id}")
    @Operation(summary = "Edit a plan (its whole definition; steps keep their stepId); applies to what fires from "
            + "now on. If-Match: its ETag")
    @APIResponseSchema(value = PlanView.class, responseCode = "200", responseDescription = "The plan as revised; ETag is its new version")
    public Uni<Response> revise(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, PlanInput body) {
        return plans.revise(tenant.id(), id, Versions.ifMatch(ifMatch), body).map(PlanResource::ok);
    }

    @POST
    @Path("plans/{id}/archive")
    @Operation(summary = "Archive a plan no customer or segment uses; its history stays. If-Match: its ETag")
    @APIResponseSchema(value = PlanView.class, responseCode = "200", responseDescription = "The plan as archived; ETag is its new version")
    public Uni<Response> archive(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return plans.archive(tenant.id(), id, Versions.ifMatch(ifMatch)).map(PlanResource::ok);
    }

    @GET
    @Path("plans/{id}/history")
    @Operation(summary = "Every version of the plan, oldest first")
    public Uni<List<HistoryEntry>> history(@PathParam("id") UUID id) {
        return plans.plan(tenant.id(), id)
                .chain(row -> plans.history(tenant.id(), PlanRepository.planStream(id)))
                .map(HistoryEntry::of);
    }

    @GET
    @Path("plans")
    @Operation(summary = "The tenant's plans by name, optionally of one type; archived ones with archived=true")
    public Uni<Page<PlanView>> list(@QueryParam("planType") PlanType type,
                                    @QueryParam("archived") @DefaultValue("false") boolean archived,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        return plans.plans(tenant.id(), type, archived, page, size).map(rows -> Page.of(rows, PlanView::of, page, size));
    }

    @POST
    @Path("starter-kit")
    @Operation(summary = "Install the starter kit (R1.5): German and English templates and three plans. Installing "
            + "again creates nothing and returns what the first call installed (200 instead of 201)")
    @APIResponseSchema(value = StarterKitView.class, responseCode = "201", responseDescription = "Installed now (201), or installed before (200, the same body with installedNow false)")
    public Uni<Response> installStarterKit() {
        String t = tenant.id();
        return activation.settings(t)
                .map(s -> LocalDate.now(clock.withZone(ZoneId.of(s.settings().timeZone()))))
                .chain(today -> plans.installStarterKit(t, today))
                .map(i -> Response.status(i.now() ? 201 : 200)
                        .entity(new StarterKitView(i.now(), i.planIds(), i.templateIds())).build());
    }

    static Response ok(PlanRow row) {
        return Response.ok(PlanView.of(row)).header(HttpHeaders.ETAG, Versions.etag(row.version)).build();
    }
}
