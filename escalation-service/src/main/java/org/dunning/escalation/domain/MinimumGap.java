package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.time.LocalDate;

/**
 * The tenant's minimum gap between two automatic messages to one customer (R7.6, R7.7), across all its plans: an
 * automatic e-mail due sooner than {@code gapDays} after the last one waits (it is postponed, never dropped).
 */
public final class MinimumGap {

    /** Automatic messages: what goes to the customer without a person in between. */
    public static boolean counts(PlanEvents.Action action) {
        return action == PlanEvents.Action.AUTO_EMAIL;
    }

    /** The first day a message may go out, or null when it may go out {@code today}. */
    public static LocalDate heldUntil(LocalDate lastSent, int gapDays, LocalDate today) {
        if (lastSent == null || gapDays <= 0) {
            return null;
        }
        LocalDate earliest = lastSent.plusDays(gapDays);
        return earliest.isAfter(today) ? earliest : null;
    }

    private MinimumGap() {
    }
}
