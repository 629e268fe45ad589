package org.dunning.escalation.domain;

import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What one tick decides for the per-invoice steps that came due for a set of customers, in pure code: the re-check at
 * the moment of firing (R7.8, R3) with the tenant's minimum amounts (R8.3), catch-up (R4.3: of one invoice's due steps only the most advanced fires) and the
 * minimum gap between two automatic messages to one customer (R7.6: the step waits, it is not dropped). The caller
 * loads the facts of every invoice of the batch before and writes the outcomes after, each in a few statements.
 */
public final class Firing {

    /** A pending step whose fire time has come. */
    public record Due(String key, String tenant, UUID invoiceId, UUID customerId, UUID planId, UUID stepId, int order,
                      LocalDate fireDate) {
        /** The customer the step reminds. */
        public CustomerKey customer() {
            return new CustomerKey(tenant, customerId);
        }
    }

    /**
     * A tenant's send slots, its minimum gap in days between automatic messages (0: none) and its minimum amounts
     * (R8.3).
     */
    public record Tenant(SendSlots slots, int gapDays, MinimumAmounts minimums) {
        public Tenant {
            minimums = minimums == null ? MinimumAmounts.NONE : minimums;
        }

        public Tenant(SendSlots slots, int gapDays) {
            this(slots, gapDays, MinimumAmounts.NONE);
        }
    }

    /**
     * What the projection holds at firing for the invoice of a due step; null where it holds nothing.
     * {@code firedSteps}: the steps that fired for the invoice already (for the plan's maximum, R8.3).
     */
    public record Facts(InvoiceFacts invoice, Activation activation, UUID assignedPlan, PlanFacts plan,
                        CustomerFacts customer, List<UUID> firedSteps) {
        public Facts {
            firedSteps = firedSteps == null ? List.of() : firedSteps;
        }

        public Facts(InvoiceFacts invoice, Activation activation, UUID assignedPlan, PlanFacts plan,
                     CustomerFacts customer) {
            this(invoice, activation, assignedPlan, plan, customer, List.of());
        }
    }

    /** A customer of a tenant. */
    public record CustomerKey(String tenant, UUID customerId) {
    }

    /** What happens to one due step. */
    public sealed interface Outcome {
        Due due();
    }

    /** The step fires: the reminder to publish and the escalation level the customer reached. */
    public record Fired(Due due, ReminderEvents.ReminderStepDue event, LatenessEvents.EscalationLevelReached level)
            implements Outcome {
    }

    /** The step is decided without sending anything, for {@code event}'s reason. */
    public record Skipped(Due due, ReminderEvents.ReminderStepSkipped event) implements Outcome {
    }

    /** The step waits until {@code until} (the end of the minimum gap); it stays pending. */
    public record Postponed(Due due, Instant until) implements Outcome {
    }

    /** The outcome of every due step, in the order they are to be written, and the automatic messages sent per day. */
    public record Decided(List<Outcome> outcomes, Map<CustomerKey, LocalDate> messagesSent) {
    }

    /** The part of a batch's due steps decided now, and the customers whose steps wait for the next batch. */
    public record Share(List<Due> now, Set<CustomerKey> deferred) {
    }

    /**
     * At most {@code maxSteps} of the due steps, whole customers at a time (a customer's steps are decided together:
     * the minimum gap and catch-up look at all of them), in the order of {@code due}; the first customer always, however
     * many steps it has. The customers left out keep their steps pending for the next batch.
     */
    public static Share share(List<Due> due, int maxSteps) {
        if (due.size() <= maxSteps) {
            return new Share(due, Set.of());
        }
        Map<CustomerKey, Integer> steps = new LinkedHashMap<>();
        for (Due d : due) {
            steps.merge(d.customer(), 1, Integer::sum);
        }
        Set<CustomerKey> deferred = new LinkedHashSet<>(steps.keySet());
        int count = 0;
        for (Map.Entry<CustomerKey, Integer> c : steps.entrySet()) {
            if (count > 0 && count + c.getValue() > maxSteps) {
                break;
            }
            deferred.remove(c.getKey());
            count += c.getValue();
        }
        return new Share(due.stream().filter(d -> !deferred.contains(d.customer())).toList(), deferred);
    }

    /**
     * Decides the due steps, invoice by invoice in the order of {@code due}.
     *
     * @param facts    the facts of a due step's invoice (the same for every step of one invoice)
     * @param tenants  the settings of a tenant
     * @param lastSent the day of each customer's last automatic message, where it had one
     */
    public static Decided decide(List<Due> due, Function<Due, Facts> facts, Function<String, Tenant> tenants,
                                 Map<CustomerKey, LocalDate> lastSent, Instant now) {
        Map<String, List<Due>> byInvoice = new LinkedHashMap<>();
        for (Due d : due) {
            byInvoice.computeIfAbsent(d.tenant() + "/" + d.invoiceId(), k -> new ArrayList<>()).add(d);
        }
        Map<CustomerKey, LocalDate> last = new HashMap<>(lastSent);
        Map<CustomerKey, LocalDate> sent = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (List<Due> invoice : byInvoice.values()) {
            Due first = invoice.get(0);
            Tenant tenant = tenants.apply(first.tenant());
            decideInvoice(invoice, facts.apply(first), tenant, last, sent, outcomes, now);
        }
        return new Decided(outcomes, sent);
    }

    private static void decideInvoice(List<Due> due, Facts f, Tenant tenant, Map<CustomerKey, LocalDate> last,
                                      Map<CustomerKey, LocalDate> sent, List<Outcome> out, Instant now) {
        Optional<String> blocked = recheck(f, due.get(0).planId())
                .or(() -> tenant.minimums().below(f.invoice()));
        if (blocked.isPresent()) {
            due.forEach(d -> out.add(skipped(d, blocked.get(), now)));
            return;
        }
        Schedule.Decision decision = Schedule.decide(due.stream()
                .map(d -> new Schedule.Due(d.key(), d.stepId(), d.order(), d.fireDate())).toList());
        Due fire = due.stream().filter(d -> d.key().equals(decision.fire().reminderKey())).findFirst().orElseThrow();
        Optional<PlanEvents.Step> step = f.plan().step(fire.stepId());
        if (step.isEmpty()) {
            // the plan was revised without the step since it was planned; its re-planning is on its way
            due.forEach(d -> out.add(skipped(d, "the step is no longer in the plan", now)));
            return;
        }
        LocalDate today = tenant.slots().today(now);
        CustomerKey customer = new CustomerKey(fire.tenant(), fire.customerId());
        boolean automatic = MinimumGap.counts(step.get().action());
        Optional<String> limit = automatic ? f.plan().limitReached(f.plan().automaticAmong(f.firedSteps()))
                : Optional.empty();
        if (limit.isPresent()) {
            due.forEach(d -> out.add(skipped(d, limit.get(), now)));
            return;
        }
        LocalDate until = automatic ? MinimumGap.heldUntil(last.get(customer), tenant.gapDays(), today) : null;
        if (until != null) {
            Instant slot = tenant.slots().slotFor(until, now);
            due.forEach(d -> out.add(new Postponed(d, slot)));
            return;
        }
        String instead = "a more advanced step (" + step.get().name() + ") fired instead";
        due.stream().filter(d -> d != fire).forEach(d -> out.add(skipped(d, instead, now)));
        out.add(fired(fire, step.get(), f, today, now));
        if (automatic) {
            last.put(customer, today);
            sent.put(customer, today);
        }
    }

    /** Re-check at the moment of firing (R7.8): what changed since planning may forbid the step. */
    static Optional<String> recheck(Facts f, UUID planId) {
        if (f.activation() != null && f.activation().blockedBecause() != null) {
            return Optional.of(f.activation().blockedBecause());
        }
        if (f.invoice() == null) {
            return Optional.of("the invoice is unknown");
        }
        if (f.invoice().blockedBecause() != null) {
            return Optional.of(f.invoice().blockedBecause());
        }
        if (f.assignedPlan() == null || !f.assignedPlan().equals(planId) || f.plan() == null) {
            return Optional.of("the plan is no longer assigned to the customer");
        }
        if (f.customer() == null) {
            return Optional.of("the customer is unknown");
        }
        return Optional.empty();
    }

    private static Fired fired(Due d, PlanEvents.Step step, Facts f, LocalDate today, Instant now) {
        InvoiceFacts invoice = f.invoice();
        CustomerFacts customer = f.customer();
        AbTests.Choice template = AbTests.choose(step.templateKey(), step.abTest(), step.stepId(), invoice.invoiceId());
        ReminderEvents.ReminderStepDue event = new ReminderEvents.ReminderStepDue(d.key(), f.plan().id(),
                f.plan().version(), step.stepId(), step.name(), step.action(), template.templateKey(),
                new ReminderEvents.CustomerRef(customer.id(), customer.name(), customer.language(),
                        Recipients.of(step.recipients(), customer.contacts(), customer.internalUsers())),
                List.of(new ReminderEvents.InvoiceRef(invoice.invoiceId(), invoice.number(), invoice.issueDate(),
                        invoice.dueDate(), invoice.currency(), invoice.amount(), invoice.outstanding(),
                        invoice.daysLate(today))),
                d.fireDate(), now, PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), step.attachDocuments(),
                template.variant());
        LatenessEvents.EscalationLevelReached level = new LatenessEvents.EscalationLevelReached(d.customerId(),
                f.plan().id(), step.stepId(), step.name(), step.action(), List.of(invoice.invoiceId()), today);
        return new Fired(d, event, level);
    }

    private static Skipped skipped(Due d, String reason, Instant now) {
        return new Skipped(d, new ReminderEvents.ReminderStepSkipped(d.key(), d.planId(), d.stepId(), null,
                d.customerId(), d.invoiceId(), reason, now, d.fireDate(), PlanEvents.PlanType.ESCALATION_PER_INVOICE));
    }

    private Firing() {
    }
}
