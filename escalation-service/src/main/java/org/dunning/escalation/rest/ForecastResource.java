package org.dunning.escalation.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.dunning.escalation.domain.Forecast;
import org.dunning.escalation.projection.ForecastInputs;
import org.dunning.escalation.scheduling.Engine;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/forecast")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ForecastResource {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final ForecastInputs inputs;
    private final Engine engine;
    private final Tenant tenant;
    private final Clock clock;

    public ForecastResource(ForecastInputs inputs, Engine engine, Tenant tenant, Clock clock) {
        this.inputs = inputs;
        this.engine = engine;
        this.tenant = tenant;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "What will go out between two instants (default: the next 30 days), for the tenant or one "
            + "customer, invoice or plan, each entry with why: the pending steps and checks played forward by the "
            + "rules that fire (catch-up, minimum gap, group levels, overviews), assuming nothing else changes; a step "
            + "that comes due but stays unsent for the tenant's minimum amount is listed with skippedBecause")
    public Uni<List<Forecast.Entry>> forecast(@QueryParam("from") Instant fromParam, @QueryParam("to") Instant toParam,
                                              @QueryParam("customerId") UUID customerId,
                                              @QueryParam("invoiceId") UUID invoiceId,
                                              @QueryParam("planId") UUID planId) {
        Instant from = fromParam != null ? fromParam : clock.instant();
        Instant to = toParam != null ? toParam : from.plus(DEFAULT_WINDOW);
        new Violations().check(!to.isBefore(from), "to", "not before from")
                .check(Duration.between(from, to).compareTo(MAX_WINDOW) <= 0, "to", "at most 366 days after from")
                .throwIfAny();
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession()
                .chain(s -> inputs.load(s, t, customerId, to, engine.defaultSlots()))
                .map(in -> Forecast.of(from, to, in.invoices(), in.checks(), in.gapDays(), in.lastSent(), in.slots(),
                                in.minimums())
                        .stream()
                        .filter(e -> invoiceId == null || e.invoiceIds().contains(invoiceId))
                        .filter(e -> planId == null || planId.equals(e.planId()))
                        .toList()));
    }
}
