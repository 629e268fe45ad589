package org.dunning.escalation.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The pure rules that decide when each step of a plan fires for an invoice, and what fires when several are due. */
public final class Schedule {

    /** A step planned for an invoice. {@code order} is the step's position in the plan. */
    public record Planned(UUID stepId, int order, LocalDate fireDate, Instant fireAt) {
    }

    /** A step that is due now. */
    public record Due(String reminderKey, UUID stepId, int order, LocalDate fireDate) {
    }

    /** Of the steps due for one invoice, the one that fires and the ones recorded as skipped. */
    public record Decision(Due fire, List<Due> skipped) {
    }

    /**
     * Plans the steps of {@code steps} that have not fired or been skipped for the invoice ({@code decided}).
     * Nothing is planned for an invoice that is paid, cancelled, written off or in dispute; when that changes the
     * invoice is planned again.
     */
    public static List<Planned> plan(InvoiceFacts invoice, List<PlanStep> steps, Set<UUID> decided, SendSlots slots,
                                     Instant now) {
        List<Planned> out = new ArrayList<>();
        if (invoice.blockedBecause() != null) {
            return out;
        }
        for (int i = 0; i < steps.size(); i++) {
            PlanStep s = steps.get(i);
            if (decided.contains(s.stepId())) {
                continue;
            }
            LocalDate day = s.fireDate(invoice);
            if (day == null) {
                continue;
            }
            out.add(new Planned(s.stepId(), i, day, slots.slotFor(day, now)));
        }
        return out;
    }

    /**
     * Catch-up (R4.3): when several steps of one invoice are due at once, only the most advanced fires (the latest
     * fire date, then the later step of the plan); the others are skipped.
     */
    public static Decision decide(List<Due> dueForOneInvoice) {
        if (dueForOneInvoice.isEmpty()) {
            throw new IllegalArgumentException("nothing due");
        }
        Comparator<Due> advance = Comparator.comparing(Due::fireDate).thenComparingInt(Due::order);
        Due fire = dueForOneInvoice.stream().max(advance).orElseThrow();
        List<Due> skipped = dueForOneInvoice.stream().filter(d -> d != fire).sorted(advance).toList();
        return new Decision(fire, skipped);
    }

    private Schedule() {
    }
}
