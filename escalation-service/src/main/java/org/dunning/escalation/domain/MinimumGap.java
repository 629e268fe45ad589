package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.time.LocalDate;

/**
 * The tenant's minimum gap between two automatic messages to one customer (R7.6, R7.7), across all its plans: an
 * automatic e-mail or text message due sooner than {@code gapDays} after the last one waits (it is postponed, never dropped).
 */
public final class MinimumGap {

    /** Automatic messages: what goes to the customer without a person in between (an e-mail, a text message). */
    public static boolean counts(PlanEvents.Action action) {
        return action == PlanEvents.Action.AUTO_EMAIL || action == PlanEvents.Action.SMS;
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
