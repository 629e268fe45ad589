package org.dunning.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Published by followup-service on {@link Topics#FOLLOWUP_EVENTS}, keyed by {@code tenant/customerId}. */
public final class FollowupEvents {

    public enum Channel { CALL, EMAIL, LETTER, OTHER }

    /**
     * A person contacted the customer by hand (a call, an e-mail or a letter sent outside the automation). It counts
     * for the tenant's minimum gap before the next automatic message (R7.7).
     */
    public record ContactLogged(UUID customerId, List<UUID> invoiceIds, Channel channel, LocalDate contactedOn,
                                String note) implements IntegrationEvent {
    }

    /**
     * A person approved a draft e-mail (R2.2), with the subject and body as they edited them; notification-service
     * sends it unless its invoices changed since (then it publishes {@code EmailSuppressed}).
     */
    public record EmailApproved(UUID emailId, String reminderKey, UUID customerId, String subject, String bodyHtml,
                                String approvedBy, Instant approvedAt) implements IntegrationEvent {
    }

    /** A person dismissed a draft e-mail: it is never sent. */
    public record EmailDismissed(UUID emailId, String reminderKey, UUID customerId, String dismissedBy, String note,
                                 Instant dismissedAt) implements IntegrationEvent {
    }

    /**
     * The customer promised to pay these invoices on {@code promisedDate} (a call's outcome, R2.3/R7.2); the ledger
     * applies it as each invoice's expected payment date.
     */
    public record PromiseToPayRecorded(UUID customerId, List<UUID> invoiceIds, LocalDate promisedDate, UUID taskId,
                                       String note) implements IntegrationEvent {
    }

    /** The customer disputes these invoices (a call's outcome); the ledger opens a dispute on each. */
    public record DisputeReported(UUID customerId, List<UUID> invoiceIds, String reason, UUID taskId)
            implements IntegrationEvent {
    }

    private FollowupEvents() {
    }
}
