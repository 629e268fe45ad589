package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * What will go out between two instants (R7.1), by the rules that fire: the pending steps and checks are played
 * forward in time with catch-up (only the most advanced of an invoice's steps due together), the minimum gap between
 * automatic messages (postponed, not dropped), group levels from the oldest invoice in scope on each check day,
 * calls and letters once per episode, and overviews with nothing to list left out. It assumes nothing else changes:
 * no payment, no new invoice, no edit.
 */
public final class Forecast {

    /**
     * One message or task that will go out, and why; or, with {@code skippedBecause}, one that comes due but will not
     * go out for the tenant's minimum amount (R8.3).
     */
    public record Entry(Instant at, LocalDate day, UUID customerId, UUID planId, String planName,
                        PlanEvents.PlanType planType, UUID stepId, String stepName, PlanEvents.Action action,
                        List<UUID> invoiceIds, List<String> invoiceNumbers, String reason, String skippedBecause) {
    }

    /** A pending step of one invoice. */
    public record PendingStep(UUID stepId, int order, LocalDate fireDate, Instant fireAt) {
    }

    /**
     * An invoice with its plan and its pending steps; the plan's maximum of automatic reminders per invoice (null:
     * none) and how many the invoice has had from it (R8.3).
     */
    public record InvoicePlan(InvoiceFacts invoice, UUID planId, String planName, List<PlanStep> steps,
                              List<PendingStep> pending, Integer maxAutomaticReminders, int automaticSent) {
        public InvoicePlan(InvoiceFacts invoice, UUID planId, String planName, List<PlanStep> steps,
                           List<PendingStep> pending) {
            this(invoice, planId, planName, steps, pending, null, 0);
        }
    }

    /** A customer's pending check of a group plan or an overview, with what a check needs to decide. */
    public record CustomerCheck(UUID customerId, UUID planId, String planName, PlanEvents.PlanType planType,
                                PlanEvents.GroupSettings group, PlanEvents.OverviewSettings overview, LocalDate start,
                                PlanEvents.Interval every, LocalDate nextCheck, Instant nextFireAt,
                                List<GroupRules.Candidate> candidates, Set<UUID> firedThisEpisode) {
    }

    private sealed interface Work {
        Instant at();
    }

    private record StepWork(Instant at, InvoicePlan plan, List<PendingStep> due, int postponedDays) implements Work {
    }

    private record CheckWork(Instant at, CustomerCheck check, LocalDate day, Set<UUID> fired, int postponedDays)
            implements Work {
    }

    public static List<Entry> of(Instant from, Instant to, List<InvoicePlan> invoices, List<CustomerCheck> checks,
                                 int gapDays, Map<UUID, LocalDate> lastSent, SendSlots slots) {
        return of(from, to, invoices, checks, gapDays, lastSent, slots, MinimumAmounts.NONE);
    }

    public static List<Entry> of(Instant from, Instant to, List<InvoicePlan> invoices, List<CustomerCheck> checks,
                                 int gapDays, Map<UUID, LocalDate> lastSent, SendSlots slots,
                                 MinimumAmounts minimums) {
        PriorityQueue<Work> queue = new PriorityQueue<>(Comparator.comparing(Work::at));
        for (InvoicePlan p : invoices) {
            Map<Instant, List<PendingStep>> byTime = new HashMap<>();
            p.pending().forEach(s -> byTime.computeIfAbsent(s.fireAt(), k -> new ArrayList<>()).add(s));
            byTime.forEach((at, due) -> queue.add(new StepWork(at, p, due, 0)));
        }
        for (CustomerCheck c : checks) {
            queue.add(new CheckWork(c.nextFireAt(), c, c.nextCheck(), new HashSet<>(c.firedThisEpisode()), 0));
        }
        Map<UUID, LocalDate> last = new HashMap<>(lastSent);
        Map<UUID, Integer> automatic = new HashMap<>();
        invoices.forEach(p -> automatic.put(p.invoice().invoiceId(), p.automaticSent()));
        List<Entry> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().at().isAfter(to)) {
            Work w = queue.poll();
            LocalDate today = slots.today(w.at());
            if (w instanceof StepWork sw) {
                stepWork(sw, today, gapDays, minimums, last, automatic, slots, queue, out);
            } else if (w instanceof CheckWork cw) {
                checkWork(cw, today, gapDays, minimums, last, slots, queue, out);
            }
        }
        out.removeIf(e -> e.at().isBefore(from));
        return out;
    }

    private static void stepWork(StepWork w, LocalDate today, int gapDays, MinimumAmounts minimums,
                                 Map<UUID, LocalDate> last, Map<UUID, Integer> automatic, SendSlots slots,
                                 PriorityQueue<Work> queue, List<Entry> out) {
        InvoiceFacts invoice = w.plan().invoice();
        Schedule.Decision d = Schedule.decide(w.due().stream()
                .map(s -> new Schedule.Due(s.stepId().toString(), s.stepId(), s.order(), s.fireDate())).toList());
        PlanStep step = w.plan().steps().stream().filter(s -> s.stepId().equals(d.fire().stepId())).findFirst()
                .orElseThrow();
        PlanEvents.Action action = PlanEvents.Action.valueOf(step.action());
        Integer max = w.plan().maxAutomaticReminders();
        String skipped = minimums.below(invoice).orElseGet(() -> MinimumGap.counts(action) && max != null
                && automatic.get(invoice.invoiceId()) >= max ? PlanFacts.limitReason(max) : null);
        if (skipped == null && MinimumGap.counts(action)) {
            LocalDate held = MinimumGap.heldUntil(last.get(invoice.customerId()), gapDays, today);
            if (held != null) {
                queue.add(new StepWork(slots.slotFor(held, w.at()), w.plan(), w.due(),
                        w.postponedDays() + (int) ChronoUnit.DAYS.between(today, held)));
                return;
            }
            last.put(invoice.customerId(), today);
            automatic.merge(invoice.invoiceId(), 1, Integer::sum);
        }
        String reason = step.days() + " days " + step.direction().toLowerCase() + " the "
                + step.reference().toLowerCase().replace('_', ' ') + " (" + step.fireDate(invoice) + ")";
        if (w.due().size() > 1) {
            reason += "; the most advanced of " + w.due().size() + " steps due together, the others are skipped";
        }
        if (w.postponedDays() > 0) {
            reason += "; held " + w.postponedDays() + " days by the minimum gap";
        }
        out.add(new Entry(w.at(), today, invoice.customerId(), w.plan().planId(), w.plan().planName(),
                PlanEvents.PlanType.ESCALATION_PER_INVOICE, step.stepId(), step.name(), action,
                List.of(invoice.invoiceId()), List.of(invoice.number()), reason, skipped));
    }

    private static void checkWork(CheckWork w, LocalDate today, int gapDays, MinimumAmounts minimums,
                                  Map<UUID, LocalDate> last, SendSlots slots, PriorityQueue<Work> queue,
                                  List<Entry> out) {
        CustomerCheck c = w.check();
        GroupRules.Check check = check(c, minimums.reminded(c.candidates()), today, w.fired());
        List<String> leftOut = minimums.leftOut(c.candidates());
        GroupRules.Check unlimited = check.fires() || leftOut.isEmpty() ? check
                : check(c, c.candidates(), today, w.fired());
        if (!check.fires() && unlimited.fires()) {
            // it would go out but for the tenant's minimum amount (R8.3)
            out.add(entry(w, today, c, unlimited, unlimited.step() != null ? unlimited.step().action()
                    : PlanEvents.Action.AUTO_EMAIL, "check of " + w.day(), "every invoice in scope is below the "
                    + "tenant's minimum amount: " + String.join(", ", leftOut)));
        }
        if (check.fires()) {
            PlanEvents.Action action = c.group() != null ? check.step().action() : PlanEvents.Action.AUTO_EMAIL;
            if (MinimumGap.counts(action)) {
                LocalDate held = MinimumGap.heldUntil(last.get(c.customerId()), gapDays, today);
                if (held != null) {
                    queue.add(new CheckWork(slots.slotFor(held, w.at()), c, w.day(), w.fired(),
                            w.postponedDays() + (int) ChronoUnit.DAYS.between(today, held)));
                    return;
                }
                last.put(c.customerId(), today);
            }
            String reason;
            if (c.group() != null) {
                long late = ChronoUnit.DAYS.between(check.invoices().get(0).dueDate(), today);
                reason = "check of " + w.day() + ": the oldest invoice in scope (" + check.invoices().get(0).number()
                        + ") is " + late + " days late: level '" + check.step().name() + "' (from "
                        + check.step().minDaysLate() + " days)";
                if (action == PlanEvents.Action.CALL || action == PlanEvents.Action.LETTER) {
                    w.fired().add(check.step().stepId());
                }
            } else {
                reason = "overview of " + w.day() + ": " + check.invoices().size() + " invoice(s) to list";
            }
            if (w.postponedDays() > 0) {
                reason += "; held " + w.postponedDays() + " days by the minimum gap";
            }
            if (!leftOut.isEmpty()) {
                reason += "; left out below the tenant's minimum amount: " + String.join(", ", leftOut);
            }
            out.add(entry(w, today, c, check, action, reason, null));
        }
        LocalDate next = CheckDates.firstOnOrAfter(c.start(), c.every(), w.day().plusDays(1));
        queue.add(new CheckWork(slots.slotFor(next, w.at()), c, next, w.fired(), 0));
    }

    private static GroupRules.Check check(CustomerCheck c, List<GroupRules.Candidate> candidates, LocalDate today,
                                          Set<UUID> fired) {
        return c.group() != null ? GroupRules.group(c.group(), candidates, today, fired)
                : GroupRules.overview(c.overview(), candidates, today);
    }

    private static Entry entry(CheckWork w, LocalDate today, CustomerCheck c, GroupRules.Check check,
                               PlanEvents.Action action, String reason, String skippedBecause) {
        return new Entry(w.at(), today, c.customerId(), c.planId(), c.planName(), c.planType(),
                check.step() != null ? check.step().stepId() : c.planId(),
                check.step() != null ? check.step().name() : c.planName(), action,
                check.invoices().stream().map(InvoiceFacts::invoiceId).toList(),
                check.invoices().stream().map(InvoiceFacts::number).toList(), reason, skippedBecause);
    }

    private Forecast() {
    }
}
