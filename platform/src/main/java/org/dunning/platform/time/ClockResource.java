package org.dunning.platform.time;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.ValidationFailed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.time.Instant;

/**
 * Sets or advances the service's clock, for tests and demos. Answers 404 unless {@code dunning.clock.adjustable}
 * is true, which only the dev, test and demo profiles set.
 */
@Path("/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ClockResource {

    public record Now(Instant now) {
    }

    public record SetClock(Instant instant) {
    }

    public record Advance(Duration by) {
    }

    private final AdjustableClock clock;
    private final boolean adjustable;

    public ClockResource(AdjustableClock clock, @ConfigProperty(name = "dunning.clock.adjustable", defaultValue = "false") boolean adjustable) {
        this.clock = clock;
        this.adjustable = adjustable;
    }

    @GET
    @Operation(summary = "The service's current time")
    public Now now() {
        requireAdjustable();
        return new Now(clock.instant());
    }

    @PUT
    @Operation(summary = "Set the service's clock (not in production)")
    public Now set(SetClock body) {
        requireAdjustable();
        if (body == null || body.instant() == null) {
            throw ValidationFailed.of("instant", "required, e.g. 2026-12-01T08:00:00Z");
        }
        int year = body.instant().atOffset(java.time.ZoneOffset.UTC).getYear();
        if (year < 2000 || year > org.dunning.platform.domain.Violations.LAST_YEAR) {
            throw ValidationFailed.of("instant", "between the years 2000 and "
                    + org.dunning.platform.domain.Violations.LAST_YEAR);
        }
        clock.set(body.instant());
        return new Now(clock.instant());
    }

    @jakarta.ws.rs.DELETE
    @Operation(summary = "Put the service's clock back to the machine's time (not in production)")
    public Now reset() {
        requireAdjustable();
        clock.reset();
        return new Now(clock.instant());
    }

    @POST
    @Path("/advance")
    @Operation(summary = "Move the service's clock forward (not in production)")
    public Now advance(Advance body) {
        requireAdjustable();
        if (body == null || body.by() == null || body.by().isNegative() || body.by().toDays() > 3660) {
            throw ValidationFailed.of("by", "required, a positive ISO-8601 duration of at most ten years, e.g. P25D");
        }
        int year = clock.instant().plus(body.by()).atOffset(java.time.ZoneOffset.UTC).getYear();
        if (year > org.dunning.platform.domain.Violations.LAST_YEAR) {
            throw ValidationFailed.of("by", "the clock would pass the year " + org.dunning.platform.domain.Violations.LAST_YEAR);
        }
        clock.advance(body.by());
        return new Now(clock.instant());
    }

    private void requireAdjustable() {
        if (!adjustable) {
            throw new NotFound("resource", "/admin/clock");
        }
    }
}
