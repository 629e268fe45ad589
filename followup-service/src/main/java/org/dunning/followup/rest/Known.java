package org.dunning.followup.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.followup.persistence.Directory;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.Violations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refuses a command naming a customer or invoice the tenant does not have. Follow-up learns customers and invoices
 * from the invoice topic, a moment after invoice-service made them: an id it does not know yet is looked up again for
 * up to {@link #PATIENCE} before the command is refused with 404 (a customer) or 422 (an invoice), whose detail says
 * to retry if the record was created a moment ago.
 */
@ApplicationScoped
public class Known {

    static final Duration PATIENCE = Duration.ofSeconds(3);
    static final Duration STEP = Duration.ofMillis(250);
    static final String HINT = "follow-up learns customers and invoices from invoice-service a moment after they are "
            + "created: if it was created just now, retry in a few seconds";

    private final Directory directory;

    public Known(Directory directory) {
        this.directory = directory;
    }

    /** Completes when the tenant has the customer and each invoice is the customer's; fails with why not. */
    public Uni<Void> require(String tenant, UUID customerId, List<UUID> invoiceIds) {
        Context context = Vertx.currentContext();
        return attempt(tenant, customerId, invoiceIds, context, PATIENCE.toMillis() / STEP.toMillis());
    }

    private Uni<Void> attempt(String tenant, UUID customerId, List<UUID> invoiceIds, Context context, long left) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> directory.knowsCustomer(s, tenant, customerId)
                        .chain(known -> directory.customersOf(s, tenant, invoiceIds)
                                .map(owners -> problem(known, customerId, invoiceIds, owners)))))
                .chain(problem -> {
                    if (problem == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (left <= 0 || context == null) {
                        return Uni.createFrom().failure(problem);
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(STEP)
                            .emitOn(command -> context.runOnContext(v -> command.run()))
                            .chain(() -> attempt(tenant, customerId, invoiceIds, context, left - 1));
                });
    }

    static DomainException problem(boolean customerKnown, UUID customerId, List<UUID> invoiceIds, Map<UUID, UUID> owners) {
        if (!customerKnown) {
            return new NotFound("customer", customerId + " (" + HINT + ")");
        }
        Violations v = new Violations();
        for (int i = 0; i < invoiceIds.size(); i++) {
            UUID owner = owners.get(invoiceIds.get(i));
            v.check(owner != null, "invoiceIds[" + i + "]", "no invoice " + invoiceIds.get(i) + " of this tenant ("
                    + HINT + ")");
            v.check(owner == null || owner.equals(customerId), "invoiceIds[" + i + "]", "an invoice of another customer");
        }
        try {
            v.throwIfAny();
            return null;
        } catch (DomainException e) {
            return e;
        }
    }
}
