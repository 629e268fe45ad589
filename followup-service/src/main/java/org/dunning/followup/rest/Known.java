package org.dunning.followup.rest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.followup.persistence.Directory;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.Eventually;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refuses a command naming a customer or invoice the tenant does not have. Follow-up learns customers and invoices
 * from the invoice topic, a moment after invoice-service made them: an id it does not know yet is looked up again for
 * up to {@link Eventually#PATIENCE} before the command is refused with 404 (a customer) or 422 (an invoice), whose detail says
 * to retry if the record was created a moment ago.
 */
@ApplicationScoped
public class Known {

    static final String HINT = "follow-up learns customers and invoices from invoice-service a moment after they are "
            + "created: if it was created just now, retry in a few seconds";

    private final Directory directory;

    public Known(Directory directory) {
        this.directory = directory;
    }

    /** Completes when the tenant has the customer and each invoice is the customer's; fails with why not. */
    public Uni<Void> require(String tenant, UUID customerId, List<UUID> invoiceIds) {
        return Eventually.nothingWrong(s -> directory.knowsCustomer(s, tenant, customerId)
                .chain(known -> directory.customersOf(s, tenant, invoiceIds)
                        .map(owners -> problem(known, customerId, invoiceIds, owners))));
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
