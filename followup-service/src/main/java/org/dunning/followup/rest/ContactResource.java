package org.dunning.followup.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.contract.Envelope;
import org.dunning.contract.FollowupEvents;
import org.dunning.followup.domain.TimelineText;
import org.dunning.followup.persistence.Directory;
import org.dunning.followup.persistence.Timeline;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.rest.Idempotency;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Contacts made by hand (R5.2, R7.7): a call, an e-mail or a letter outside the automation. Each is published as
 * {@code ContactLogged}, which escalation counts for the minimum gap, and written on the timeline.
 */
@Path("/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ContactResource {

    public record LogContact(UUID customerId, List<UUID> invoiceIds, String channel, LocalDate contactedOn,
                             String note) {
    }

    public record ContactView(UUID id, UUID customerId, List<UUID> invoiceIds, FollowupEvents.Channel channel,
                              LocalDate contactedOn, String note, String loggedBy) {
    }

    private final Tenant tenant;
    private final EventStore store;
    private final Timeline timeline;
    private final Idempotency idempotency;
    private final Directory directory;
    private final Known known;
    private final Clock clock;

    public ContactResource(Tenant tenant, EventStore store, Timeline timeline, Idempotency idempotency,
                           Directory directory, Known known, Clock clock) {
        this.tenant = tenant;
        this.store = store;
        this.timeline = timeline;
        this.idempotency = idempotency;
        this.directory = directory;
        this.known = known;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Log a contact made by hand (channel CALL, EMAIL, LETTER or OTHER; contactedOn today or "
            + "earlier, default today); it counts for the minimum gap before the next automatic message. "
            + "Idempotency-Key honoured")
    @APIResponseSchema(value = ContactView.class, responseCode = "201", responseDescription = "The contact logged (201), or the same one again for a repeated Idempotency-Key (200)")
    public Uni<Response> log(@HeaderParam("Idempotency-Key") String key, LogContact body) {
        new Violations().check(body != null, "body", "required").throwIfAny();
        FollowupEvents.Channel channel = channel(body.channel());
        new Violations().check(body.customerId() != null, "customerId", "required")
                .check(channel != null, "channel", "one of CALL, EMAIL, LETTER, OTHER")
                .check(body.invoiceIds() == null || !body.invoiceIds().contains(null), "invoiceIds", "no null ids")
                .note("note", body.note(), Violations.NOTE)
                .date("contactedOn", body.contactedOn())
                .check(body.invoiceIds() == null || body.invoiceIds().size() <= 500, "invoiceIds", "at most 500")
                .throwIfAny();
        String t = tenant.id();
        List<UUID> invoices = body.invoiceIds() == null ? List.of() : List.copyOf(body.invoiceIds());
        UUID id = UUID.randomUUID();
        return known.require(t, body.customerId(), invoices).chain(() -> Panache.withTransaction(() -> Panache
                .getSession().chain(s -> directory.zone(s, t).chain(zone -> {
                    // "today" is the tenant's day, in its zone
                    LocalDate today = clock.instant().atZone(zone).toLocalDate();
                    LocalDate on = body.contactedOn() == null ? today : body.contactedOn();
                    new Violations().check(!on.isAfter(today), "contactedOn", "today (" + today + ") or earlier")
                            .throwIfAny();
                    FollowupEvents.ContactLogged event = new FollowupEvents.ContactLogged(body.customerId(), invoices,
                            channel, on, body.note());
                    var line = TimelineText.of(event).orElseThrow();
                    return idempotency.once(s, t, "contact", key, body, () -> store.append(s, t, "contact/" + id,
                                    Envelope.key(t, body.customerId()), 0, List.of(new NewEvent(event.type(), event)))
                            .chain(() -> timeline.add(s, t, new Timeline.Entry(body.customerId(), invoices,
                                    clock.instant(), line.kind(), line.summary() + " (by " + tenant.user() + ")", event,
                                    "contact/" + id)))
                            .replaceWith(id))
                            .map(outcome -> Response.status(outcome.replayed() ? 200 : 201).entity(new ContactView(
                                    outcome.id(), body.customerId(), invoices, channel, on, body.note(),
                                    tenant.user())).build());
                }))));
    }

    private static FollowupEvents.Channel channel(String s) {
        try {
            return s == null ? null : FollowupEvents.Channel.valueOf(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
