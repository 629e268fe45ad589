package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.GroupSettings;
import org.dunning.contract.PlanEvents.OverviewSettings;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.Slot;
import org.dunning.contract.PlanEvents.Step;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;

import java.util.List;
import java.util.UUID;

/**
 * What happened in plan-service, one sealed list for every stream it keeps: {@code plan-<id>}, {@code template-<id>},
 * {@code customer-<id>} (assignments and pause), {@code invoice-<id>} (switch), {@code segment-<name>},
 * {@code automation}, {@code settings}, {@code starter-kit}. The value types (steps, triggers, recipients …) are the
 * contract's vocabulary; the events themselves are this service's and are mapped to integration events on publish.
 */
public sealed interface PlanEvent {

    /** {@code maxAutomaticReminders}: R8.3, per-invoice plans only; null: no limit (and in events before it). */
    record PlanCreated(UUID planId, String name, PlanType planType, List<Step> steps, GroupSettings group,
                       OverviewSettings overview, Integer maxAutomaticReminders) implements PlanEvent {
    }

    record PlanRevised(UUID planId, String name, PlanType planType, List<Step> steps, GroupSettings group,
                       OverviewSettings overview, Integer maxAutomaticReminders) implements PlanEvent {
    }

    record PlanArchived(UUID planId) implements PlanEvent {
    }

    record TemplateCreated(UUID templateId, String key, TemplateKind kind, String name,
                           List<TemplateVariant> variants) implements PlanEvent {
    }

    record TemplateRevised(UUID templateId, String key, TemplateKind kind, String name,
                           List<TemplateVariant> variants) implements PlanEvent {
    }

    record TemplateArchived(UUID templateId, String key) implements PlanEvent {
    }

    /** {@code slot} is null in events stored before there were slots: it means ESCALATION. */
    record PlanAssigned(UUID customerId, UUID planId, Slot slot) implements PlanEvent {
    }

    record PlanUnassigned(UUID customerId, UUID planId, Slot slot) implements PlanEvent {
    }

    record CustomerPaused(UUID customerId, String reason) implements PlanEvent {
    }

    record CustomerResumed(UUID customerId) implements PlanEvent {
    }

    record SegmentDefaultSet(String segment, Slot slot, UUID planId) implements PlanEvent {
    }

    record SegmentDefaultCleared(String segment, Slot slot, UUID planId) implements PlanEvent {
    }

    record AutomationSwitched(boolean enabled, String reason) implements PlanEvent {
    }

    record InvoiceAutomationSwitched(UUID invoiceId, boolean enabled, String reason) implements PlanEvent {
    }

    record SettingsChanged(TenantSettings settings) implements PlanEvent {
    }

    record StarterKitInstalled(int kitVersion, List<UUID> planIds, List<UUID> templateIds) implements PlanEvent {
    }
}
