package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a group plan or an overview does at a check of one customer (R1.1, R1.3, R7.9). The invoices in scope are the
 * eligible ones (open or partially paid, not disputed, not switched off) — all of them, or only the overdue ones. A
 * group plan's level is set by the days late of the oldest invoice in scope now; an e-mail step fires at every check,
 * a call or letter step once per episode (an episode ends when the customer has nothing overdue).
 */
public final class GroupRules {

    /** An invoice as a check sees it, with {@code switchedOn} its R3.3 switch. */
    public record Candidate(InvoiceFacts invoice, boolean switchedOn) {
    }

    /** The outcome of a check: the step that applies (null for an overview) and the invoices listed, oldest first. */
    public record Check(PlanEvents.GroupStep step, List<InvoiceFacts> invoices, String skippedBecause) {
        public boolean fires() {
            return skippedBecause == null;
        }
    }

    public static List<InvoiceFacts> inScope(List<Candidate> candidates, PlanEvents.InvoiceScope scope,
                                             LocalDate today) {
        return candidates.stream()
                .filter(c -> c.switchedOn() && c.invoice().blockedBecause() == null)
                .map(Candidate::invoice)
                .filter(i -> scope != PlanEvents.InvoiceScope.OVERDUE_ONLY || i.dueDate().isBefore(today))
                .sorted(Comparator.comparing(InvoiceFacts::dueDate).thenComparing(InvoiceFacts::number))
                .toList();
    }

    /**
     * A group plan's check: the highest level whose {@code minDaysLate} the oldest invoice in scope has reached;
     * a call or letter level that already fired in this episode is not repeated ({@code firedThisEpisode}).
     */
    public static Check group(PlanEvents.GroupSettings plan, List<Candidate> candidates, LocalDate today,
                              java.util.Set<java.util.UUID> firedThisEpisode) {
        List<InvoiceFacts> scope = inScope(candidates, plan.scope(), today);
        if (scope.isEmpty()) {
            return new Check(null, scope, "no invoice in scope");
        }
        long oldestDaysLate = java.time.temporal.ChronoUnit.DAYS.between(scope.get(0).dueDate(), today);
        Optional<PlanEvents.GroupStep> level = plan.steps().stream()
                .filter(s -> s.minDaysLate() <= oldestDaysLate)
                .reduce((a, b) -> b);
        if (level.isEmpty()) {
            return new Check(null, scope, "the oldest invoice in scope (" + scope.get(0).number() + ") is "
                    + Math.max(0, oldestDaysLate) + " days late, below the first level");
        }
        PlanEvents.GroupStep step = level.get();
        boolean once = step.action() == PlanEvents.Action.CALL || step.action() == PlanEvents.Action.LETTER;
        if (once && firedThisEpisode.contains(step.stepId())) {
            return new Check(step, scope, "'" + step.name() + "' fired already in this episode of lateness");
        }
        return new Check(step, scope, null);
    }

    /** An overview's check: every invoice in scope; nothing is sent when there is nothing to list. */
    public static Check overview(PlanEvents.OverviewSettings plan, List<Candidate> candidates, LocalDate today) {
        List<InvoiceFacts> scope = inScope(candidates, plan.scope(), today);
        return new Check(null, scope, scope.isEmpty() ? "nothing to list" : null);
    }

    private GroupRules() {
    }
}
