package org.dunning.escalation.domain;

/**
 * The three switches of R3 as they stand for one invoice: the tenant's automation, the customer's pause and the
 * invoice's own switch. Any one of them off stops every step of the invoice until it is on again.
 */
public record Activation(boolean tenantEnabled, boolean customerPaused, boolean invoiceEnabled) {

    public static final Activation ON = new Activation(true, false, true);

    /** Why automation is stopped for the invoice, or null when it runs. */
    public String blockedBecause() {
        if (!tenantEnabled) {
            return "automation is switched off for the tenant";
        }
        if (customerPaused) {
            return "automation is paused for the customer";
        }
        if (!invoiceEnabled) {
            return "automation is switched off for the invoice";
        }
        return null;
    }
}
