package org.dunning.contract;

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

    private FollowupEvents() {
    }
}
