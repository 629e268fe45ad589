package org.dunning.escalation.domain;

import java.time.LocalDate;
import java.util.UUID;

/** A step of a plan as the engine sees it: from which date, how many days before or after, what to do. */
public record PlanStep(UUID stepId, String name, String reference, String direction, int days, String action,
                       String templateKey) {

    /**
     * The calendar day the step is due for an invoice, or null when the step does not apply to it (a step counted
     * from the expected payment date, while the customer has promised nothing). A promise to pay (R7.2) holds the
     * steps counted from the due or issue date until the day after the promised date.
     */
    public LocalDate fireDate(InvoiceFacts invoice) {
        LocalDate base = switch (reference) {
            case "DUE_DATE" -> invoice.dueDate();
            case "ISSUE_DATE" -> invoice.issueDate();
            case "EXPECTED_PAYMENT_DATE" -> invoice.expectedPaymentDate();
            default -> throw new IllegalArgumentException("unknown trigger reference " + reference);
        };
        if (base == null) {
            return null;
        }
        LocalDate day = "BEFORE".equals(direction) ? base.minusDays(days) : base.plusDays(days);
        LocalDate promised = invoice.expectedPaymentDate();
        if (promised != null && !"EXPECTED_PAYMENT_DATE".equals(reference) && !day.isAfter(promised)) {
            return promised.plusDays(1);
        }
        return day;
    }
}
