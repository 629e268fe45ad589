package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which plan applies to a customer and whether automation applies to an invoice (R1.6, R3): the customer's own plan
 * wins over its segment's default; the tenant switch, the customer's pause and the invoice's switch each stop it.
 */
public final class Automation {

    public enum Source { CUSTOMER, SEGMENT_DEFAULT }

    /** Why automation does not apply. */
    public enum Reason { TENANT_AUTOMATION_OFF, CUSTOMER_PAUSED, INVOICE_SWITCHED_OFF, NO_ESCALATION_PLAN }

    public record Effective(UUID planId, Source source) {
    }

    public record Verdict(boolean applies, List<Reason> reasons) {
    }

    public static Optional<Effective> plan(Slot slot, Map<Slot, UUID> customerPlans, Map<Slot, UUID> segmentDefaults) {
        UUID own = customerPlans.get(slot);
        if (own != null) {
            return Optional.of(new Effective(own, Source.CUSTOMER));
        }
        return Optional.ofNullable(segmentDefaults.get(slot)).map(p -> new Effective(p, Source.SEGMENT_DEFAULT));
    }

    /** Every reason that stops automation for an invoice; it applies when there is none. */
    public static Verdict forInvoice(boolean tenantEnabled, boolean customerPaused, boolean invoiceEnabled,
                                     Optional<Effective> escalationPlan) {
        List<Reason> reasons = new ArrayList<>();
        if (!tenantEnabled) {
            reasons.add(Reason.TENANT_AUTOMATION_OFF);
        }
        if (customerPaused) {
            reasons.add(Reason.CUSTOMER_PAUSED);
        }
        if (!invoiceEnabled) {
            reasons.add(Reason.INVOICE_SWITCHED_OFF);
        }
        if (escalationPlan.isEmpty()) {
            reasons.add(Reason.NO_ESCALATION_PLAN);
        }
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }

    private Automation() {
    }
}
