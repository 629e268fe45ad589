package org.dunning.plan.rest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.persistence.Eventually;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.UUID;

/**
 * Refuses a command naming a customer or invoice the tenant does not have (404). plan-service learns them from the
 * invoice topic a moment after invoice-service made them: an id it does not know yet is looked up again for up to
 * {@link Eventually#PATIENCE} first, and the 404 says to retry if the record was created just now.
 */
@ApplicationScoped
public class KnownIds {

    static final String HINT = "plan-service learns customers and invoices from invoice-service a moment after they "
            + "are created: if it was created just now, retry in a few seconds";

    /** For a command: waits a moment for a customer created just now. */
    public Uni<Void> customer(String tenant, UUID customerId) {
        return customer(tenant, customerId, Eventually.PATIENCE);
    }

    /** For a read: one look. */
    public Uni<Void> customerNow(String tenant, UUID customerId) {
        return customer(tenant, customerId, java.time.Duration.ZERO);
    }

    private Uni<Void> customer(String tenant, UUID customerId, java.time.Duration patience) {
        return Eventually.nothingWrong(s -> exists(s, "known_customers", tenant, customerId)
                .map(known -> known ? null : notFound("customer", customerId)), patience);
    }

    public Uni<Void> invoice(String tenant, UUID invoiceId) {
        return Eventually.nothingWrong(s -> exists(s, "known_invoices", tenant, invoiceId)
                .map(known -> known ? null : notFound("invoice", invoiceId)));
    }

    private static DomainException notFound(String what, UUID id) {
        return new NotFound(what, id + " (" + HINT + ")");
    }

    private static Uni<Boolean> exists(Mutiny.Session s, String table, String tenant, UUID id) {
        return Sql.of(s, "SELECT 1 FROM " + table + " WHERE tenant_id = :t AND id = :id")
                .setParameter("t", tenant).setParameter("id", id).column().map(rows -> !rows.isEmpty());
    }
}
