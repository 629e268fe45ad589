package org.dunning.plan.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.contract.PlanEvents.Slot;
import org.dunning.plan.domain.Automation;
import org.dunning.plan.domain.Switches;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.plan.persistence.PlanRepository;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Activation at three levels (R3) and plan assignment (R1.6): tenant switch, customer plans and pause, invoice switch. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ActivationResource {

    public record AssignPlan(UUID planId) {
    }

    public record SwitchRequest(Boolean enabled, String reason) {
    }

    public record PauseRequest(String reason) {
    }

    /** A customer's own plans and pause; its ETag is the version of the customer's activation stream. */
    public record CustomerPlansView(UUID customerId, Map<Slot, UUID> plans, boolean paused, String pauseReason,
                                    long version) {
        static Response of(UUID customerId, Switches.Customer c) {
            return Response.ok(new CustomerPlansView(customerId, c.plans(), c.paused(), c.pauseReason(), c.version()))
                    .header(HttpHeaders.ETAG, Versions.etag(c.version())).build();
        }
    }

    /** The plan that applies in a slot, and whether it is the customer's own or its segment's default. */
    public record EffectivePlan(UUID planId, String name, Automation.Source source) {
    }

    public record CustomerAutomationView(UUID customerId, String segment, boolean customerKnown,
                                         boolean tenantAutomationEnabled, boolean paused, String pauseReason,
                                         EffectivePlan escalation, EffectivePlan overview,
                                         List<Automation.Reason> stoppedBy) {
    }

    public record InvoiceAutomationView(UUID invoiceId, UUID customerId, boolean switchedOn, String reason,
                                        boolean applies, List<Automation.Reason> stoppedBy, EffectivePlan escalation,
                                        long version) {
    }

    public record SwitchView(boolean enabled, String reason, long version) {
        static Response of(Switches.Switch s) {
            return Response.ok(new SwitchView(s.enabled(), s.reason(), s.version()))
                    .header(HttpHeaders.ETAG, Versions.etag(s.version())).build();
        }
    }

    public record SegmentView(String segment, Map<Slot, UUID> plans, long version) {
    }

    private final ActivationRepository activation;
    private final PlanRepository plans;
    private final Tenant tenant;
    private final KnownIds known;

    public ActivationResource(ActivationRepository activation, PlanRepository plans, Tenant tenant, KnownIds known) {
        this.activation = activation;
        this.plans = plans;
        this.tenant = tenant;
        this.known = known;
    }

    // --- customers ---------------------------------------------------------------------------------------------

    @PUT
    @Path("customers/{customerId}/plans/{slot}")
    @Operation(summary = "Give a customer its own plan in a slot: ESCALATION (per invoice or per group) or OVERVIEW; "
            + "replaces the one it had there. If-Match (optional): the ETag of the customer's plans")
    @APIResponseSchema(value = CustomerPlansView.class, responseCode = "200", responseDescription = "The customer's plans as changed; ETag is their new version")
    public Uni<Response> assign(@PathParam("customerId") UUID customerId, @PathParam("slot") Slot slot,
                                @HeaderParam("If-Match") String ifMatch, AssignPlan body) {
        Long expected = Versions.ifMatch(ifMatch);
        return known.customer(tenant.id(), customerId).chain(() -> activation.assign(tenant.id(), customerId, slot,
                body == null ? null : body.planId(), expected)).map(c -> CustomerPlansView.of(customerId, c));
    }

    @DELETE
    @Path("customers/{customerId}/plans/{slot}")
    @Operation(summary = "Remove the customer's own plan in a slot; its segment's default applies again, if any")
    @APIResponseSchema(value = CustomerPlansView.class, responseCode = "200", responseDescription = "The customer's plans as changed; ETag is their new version")
    public Uni<Response> unassign(@PathParam("customerId") UUID customerId, @PathParam("slot") Slot slot,
                                  @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.ifMatch(ifMatch);
        return known.customer(tenant.id(), customerId).chain(() -> activation.unassign(tenant.id(), customerId, slot,
                expected)).map(c -> CustomerPlansView.of(customerId, c));
    }

    @GET
    @Path("customers/{customerId}/plans")
    @Operation(summary = "The customer's own plans and pause (not the segment defaults: see /automation)")
    @APIResponseSchema(value = CustomerPlansView.class, responseCode = "200", responseDescription = "The customer's own plans and pause; ETag is their version")
    public Uni<Response> customerPlans(@PathParam("customerId") UUID customerId) {
        return known.customerNow(tenant.id(), customerId).chain(() -> activation.customer(tenant.id(), customerId))
                .map(c -> CustomerPlansView.of(customerId, c));
    }

    @PUT
    @Path("customers/{customerId}/pause")
    @Operation(summary = "Pause automation for a customer (R3.2); nothing fires for it until resumed")
    @APIResponseSchema(value = CustomerPlansView.class, responseCode = "200", responseDescription = "The customer's plans and pause as changed; ETag is their new version")
    public Uni<Response> pause(@PathParam("customerId") UUID customerId, @HeaderParam("If-Match") String ifMatch,
                               @RequestBody(required = false) PauseRequest body) {
        Long expected = Versions.ifMatch(ifMatch);
        return known.customer(tenant.id(), customerId).chain(() -> activation.pause(tenant.id(), customerId, true,
                body == null ? null : body.reason(), expected)).map(c -> CustomerPlansView.of(customerId, c));
    }

    @DELETE
    @Path("customers/{customerId}/pause")
    @Operation(summary = "Resume automation for a customer")
    @APIResponseSchema(value = CustomerPlansView.class, responseCode = "200", responseDescription = "The customer's plans and pause as changed; ETag is their new version")
    public Uni<Response> resume(@PathParam("customerId") UUID customerId, @HeaderParam("If-Match") String ifMatch) {
        Long expected = Versions.ifMatch(ifMatch);
        return known.customer(tenant.id(), customerId).chain(() -> activation.pause(tenant.id(), customerId, false,
                null, expected)).map(c -> CustomerPlansView.of(customerId, c));
    }

    @GET
    @Path("customers/{customerId}/automation")
    @Operation(summary = "The effective plans of a customer (its own over its segment's default) and what stops "
            + "automation for it")
    public Uni<CustomerAutomationView> customerAutomation(@PathParam("customerId") UUID customerId) {
        String t = tenant.id();
        return known.customerNow(t, customerId).chain(() -> activation.automation(t, customerId)).chain(a -> named(t, a.effective().get(Slot.ESCALATION))
                .chain(escalation -> named(t, a.effective().get(Slot.OVERVIEW)).map(overview -> {
                    Automation.Verdict v = Automation.forInvoice(a.tenantEnabled(), a.own().paused(), true,
                            a.effective().get(Slot.ESCALATION));
                    return new CustomerAutomationView(customerId, a.segment(), a.known(), a.tenantEnabled(),
                            a.own().paused(), a.own().pauseReason(), escalation, overview, v.reasons());
                })));
    }

    private Uni<EffectivePlan> named(String t, Optional<Automation.Effective> effective) {
        if (effective.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Automation.Effective e = effective.get();
        return plans.plan(t, e.planId()).map(p -> new EffectivePlan(p.id, p.name, e.source()));
    }

    // --- segments ----------------------------------------------------------------------------------------------

    @PUT
    @Path("segments/{segment}/plans/{slot}")
    @Operation(summary = "Make a plan the default of a customer segment in a slot (R1.6)")
    public Uni<SegmentView> setDefault(@PathParam("segment") String segment, @PathParam("slot") Slot slot,
                                       AssignPlan body) {
        return activation.setDefault(tenant.id(), segment, slot, body == null ? null : body.planId())
                .map(s -> new SegmentView(segment.trim(), s.plans(), s.version()));
    }

    @DELETE
    @Path("segments/{segment}/plans/{slot}")
    @Operation(summary = "Remove a segment's default plan in a slot")
    public Uni<SegmentView> clearDefault(@PathParam("segment") String segment, @PathParam("slot") Slot slot) {
        return activation.clearDefault(tenant.id(), segment, slot)
                .map(s -> new SegmentView(segment.trim(), s.plans(), s.version()));
    }

    @GET
    @Path("segments")
    @Operation(summary = "Every segment default of the tenant")
    public Uni<List<ActivationRepository.SegmentDefault>> segments() {
        return activation.segmentDefaults(tenant.id());
    }

    // --- tenant and invoice switches ---------------------------------------------------------------------------

    @GET
    @Path("automation")
    @Operation(summary = "The tenant-wide automation switch (R3.1); on until switched off")
    @APIResponseSchema(value = SwitchView.class, responseCode = "200", responseDescription = "The tenant's automation switch; ETag is its version")
    public Uni<Response> tenantSwitch() {
        return activation.tenantSwitch(tenant.id()).map(SwitchView::of);
    }

    @PUT
    @Path("automation")
    @Operation(summary = "Switch automation on or off for the whole tenant. If-Match (optional): its ETag")
    @APIResponseSchema(value = SwitchView.class, responseCode = "200", responseDescription = "The tenant's switch as changed; ETag is its new version")
    public Uni<Response> switchTenant(@HeaderParam("If-Match") String ifMatch, SwitchRequest body) {
        return activation.switchTenant(tenant.id(), enabled(body), body.reason(), Versions.ifMatch(ifMatch))
                .map(SwitchView::of);
    }

    @PUT
    @Path("invoices/{invoiceId}/automation")
    @Operation(summary = "Switch automation on or off for one invoice (R3.3): off, it is neither reminded nor listed")
    @APIResponseSchema(value = SwitchView.class, responseCode = "200", responseDescription = "The invoice's switch as changed; ETag is its new version")
    public Uni<Response> switchInvoice(@PathParam("invoiceId") UUID invoiceId, @HeaderParam("If-Match") String ifMatch,
                                       SwitchRequest body) {
        boolean enabled = enabled(body);
        Long expected = Versions.ifMatch(ifMatch);
        return known.invoice(tenant.id(), invoiceId).chain(() -> activation.switchInvoice(tenant.id(), invoiceId,
                enabled, body.reason(), expected)).map(SwitchView::of);
    }

    @GET
    @Path("invoices/{invoiceId}/automation")
    @Operation(summary = "Whether automation applies to an invoice, and every reason it does not (tenant switch, "
            + "customer paused, invoice switched off, no escalation plan); 404 until the invoice topic named it")
    public Uni<InvoiceAutomationView> invoiceAutomation(@PathParam("invoiceId") UUID invoiceId) {
        String t = tenant.id();
        return activation.customerOf(t, invoiceId).chain(customer -> {
            if (customer.isEmpty()) {
                throw new NotFound("invoice", invoiceId);
            }
            return activation.invoiceSwitch(t, invoiceId).chain(sw -> activation.automation(t, customer.get())
                    .chain(a -> named(t, a.effective().get(Slot.ESCALATION)).map(plan -> {
                        Automation.Verdict v = Automation.forInvoice(a.tenantEnabled(), a.own().paused(),
                                sw.enabled(), a.effective().get(Slot.ESCALATION));
                        return new InvoiceAutomationView(invoiceId, customer.get(), sw.enabled(), sw.reason(),
                                v.applies(), v.reasons(), plan, sw.version());
                    })));
        });
    }

    private static boolean enabled(SwitchRequest body) {
        if (body == null || body.enabled() == null) {
            throw ValidationFailed.of("enabled", "required: true or false");
        }
        return body.enabled();
    }
}
