package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Slot;
import org.dunning.platform.domain.Violations;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The small deciders of activation (R1.6, R3): a customer's own plans and pause (stream {@code customer-<id>}), a
 * segment's default plans ({@code segment-<name>}), the tenant-wide switch ({@code automation}) and an invoice's
 * switch ({@code invoice-<id>}). A command that changes nothing appends nothing, so a repeat is harmless.
 */
public final class Switches {

    public static final int MAX_REASON = 500;
    public static final int MAX_SEGMENT = 100;

    /** A customer's own plan per slot and whether automation is paused for it. */
    public record Customer(long version, Map<Slot, UUID> plans, boolean paused, String pauseReason) {
        public static final Customer NONE = new Customer(0, Map.of(), false, null);
    }

    /** A segment's default plan per slot. */
    public record Segment(long version, Map<Slot, UUID> plans) {
        public static final Segment NONE = new Segment(0, Map.of());
    }

    /** An on/off switch (tenant-wide automation, one invoice): on until switched off. */
    public record Switch(long version, boolean enabled, String reason) {
        public static final Switch NONE = new Switch(0, true, null);
    }

    /** Assigns a plan in its slot; the caller has checked that the plan is active and of a type for the slot. */
    public static List<PlanEvent> assign(Customer s, UUID customerId, Slot slot, UUID planId) {
        return planId.equals(s.plans().get(slot)) ? List.of() : List.of(new PlanEvent.PlanAssigned(customerId, planId, slot));
    }

    public static List<PlanEvent> unassign(Customer s, UUID customerId, Slot slot) {
        UUID current = s.plans().get(slot);
        return current == null ? List.of() : List.of(new PlanEvent.PlanUnassigned(customerId, current, slot));
    }

    public static List<PlanEvent> pause(Customer s, UUID customerId, String reason) {
        String r = reason(reason);
        return s.paused() ? List.of() : List.of(new PlanEvent.CustomerPaused(customerId, r));
    }

    public static List<PlanEvent> resume(Customer s, UUID customerId) {
        return s.paused() ? List.of(new PlanEvent.CustomerResumed(customerId)) : List.of();
    }

    public static Customer evolve(Customer s, PlanEvent e) {
        Map<Slot, UUID> plans = new EnumMap<>(Slot.class);
        plans.putAll(s.plans());
        if (e instanceof PlanEvent.PlanAssigned a) {
            plans.put(a.slot() == null ? Slot.ESCALATION : a.slot(), a.planId());
            return new Customer(s.version() + 1, Map.copyOf(plans), s.paused(), s.pauseReason());
        }
        if (e instanceof PlanEvent.PlanUnassigned u) {
            plans.remove(u.slot());
            return new Customer(s.version() + 1, Map.copyOf(plans), s.paused(), s.pauseReason());
        }
        if (e instanceof PlanEvent.CustomerPaused p) {
            return new Customer(s.version() + 1, s.plans(), true, p.reason());
        }
        if (e instanceof PlanEvent.CustomerResumed) {
            return new Customer(s.version() + 1, s.plans(), false, null);
        }
        throw new IllegalArgumentException("not a customer event: " + e);
    }

    public static Customer replayCustomer(List<PlanEvent> events) {
        Customer s = Customer.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    public static String segment(String segment) {
        String s = segment == null ? null : segment.trim();
        new Violations().check(s != null && !s.isEmpty() && s.length() <= MAX_SEGMENT, "segment",
                "1 to " + MAX_SEGMENT + " characters").text("segment", s, MAX_SEGMENT).throwIfAny();
        return s;
    }

    /** Sets the segment's default in the slot; the caller has checked the plan as for an assignment. */
    public static List<PlanEvent> setDefault(Segment s, String segment, Slot slot, UUID planId) {
        return planId.equals(s.plans().get(slot)) ? List.of()
                : List.of(new PlanEvent.SegmentDefaultSet(segment, slot, planId));
    }

    public static List<PlanEvent> clearDefault(Segment s, String segment, Slot slot) {
        UUID current = s.plans().get(slot);
        return current == null ? List.of() : List.of(new PlanEvent.SegmentDefaultCleared(segment, slot, current));
    }

    public static Segment evolve(Segment s, PlanEvent e) {
        Map<Slot, UUID> plans = new EnumMap<>(Slot.class);
        plans.putAll(s.plans());
        if (e instanceof PlanEvent.SegmentDefaultSet d) {
            plans.put(d.slot(), d.planId());
        } else if (e instanceof PlanEvent.SegmentDefaultCleared d) {
            plans.remove(d.slot());
        } else {
            throw new IllegalArgumentException("not a segment event: " + e);
        }
        return new Segment(s.version() + 1, Map.copyOf(plans));
    }

    public static Segment replaySegment(List<PlanEvent> events) {
        Segment s = Segment.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    public static List<PlanEvent> switchTenant(Switch s, boolean enabled, String reason) {
        return s.enabled() == enabled && s.version() > 0 ? List.of()
                : List.of(new PlanEvent.AutomationSwitched(enabled, reason(reason)));
    }

    public static List<PlanEvent> switchInvoice(Switch s, UUID invoiceId, boolean enabled, String reason) {
        return s.enabled() == enabled && s.version() > 0 ? List.of()
                : List.of(new PlanEvent.InvoiceAutomationSwitched(invoiceId, enabled, reason(reason)));
    }

    public static Switch evolve(Switch s, PlanEvent e) {
        if (e instanceof PlanEvent.AutomationSwitched a) {
            return new Switch(s.version() + 1, a.enabled(), a.reason());
        }
        if (e instanceof PlanEvent.InvoiceAutomationSwitched i) {
            return new Switch(s.version() + 1, i.enabled(), i.reason());
        }
        throw new IllegalArgumentException("not a switch event: " + e);
    }

    public static Switch replaySwitch(List<PlanEvent> events) {
        Switch s = Switch.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static String reason(String reason) {
        String r = reason == null || reason.isBlank() ? null : reason.strip();
        new Violations().check(r == null || r.length() <= MAX_REASON, "reason", "at most " + MAX_REASON + " characters")
                .throwIfAny();
        return r;
    }

    private Switches() {
    }
}
