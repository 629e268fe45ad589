package org.dunning.escalation.domain;

import java.time.LocalDate;
import java.util.UUID;

/** A step of a plan as the engine sees it: from which date, how many days before or after, what to do. */
public record PlanStep(UUID stepId, String name, String reference, String direction, int days, String action,
                       String templateKey) {

    /**
     * The calendar day the step is due for an invoice, or null when the step does not apply to it: steps counted
     * from the expected payment date wait for the promise-to-pay rules of the engine.
     */
    public LocalDate fireDate(InvoiceFacts invoice) {
        LocalDate base = switch (reference) {
            case "DUE_DATE" -> invoice.dueDate();
            case "ISSUE_DATE" -> invoice.issueDate();
            case "EXPECTED_PAYMENT_DATE" -> null;
            default -> throw new IllegalArgumentException("unknown trigger reference " + reference);
        };
        if (base == null) {
            return null;
        }
        return "BEFORE".equals(direction) ? base.minusDays(days) : base.plusDays(days);
    }
}
