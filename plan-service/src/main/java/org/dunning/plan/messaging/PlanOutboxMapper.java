package org.dunning.plan.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.plan.domain.PlanEvent;
import org.dunning.plan.domain.TenantSettings;
import org.dunning.platform.eventstore.DomainEvents;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/**
 * Maps plan-service's domain events to the integration events of {@link Topics#PLAN_EVENTS}. Plans, templates and
 * settings carry their stream version, so a consumer can ignore what it has seen. The starter-kit marker stays inside.
 */
@ApplicationScoped
public class PlanOutboxMapper implements OutboxMapper {

    private static final DomainEvents<PlanEvent> EVENTS = DomainEvents.of(PlanEvent.class);

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return integration(EVENTS.read(e), e.version())
                .map(event -> new Outgoing(Topics.PLAN_EVENTS, e.partitionKey(), event));
    }

    static Optional<IntegrationEvent> integration(PlanEvent event, long version) {
        IntegrationEvent out;
        if (event instanceof PlanEvent.PlanCreated c) {
            out = new PlanEvents.PlanCreated(c.planId(), version, c.name(), c.planType(), c.steps(), c.group(),
                    c.overview(), c.maxAutomaticReminders());
        } else if (event instanceof PlanEvent.PlanRevised r) {
            out = new PlanEvents.PlanRevised(r.planId(), version, r.name(), r.planType(), r.steps(), r.group(),
                    r.overview(), r.maxAutomaticReminders());
        } else if (event instanceof PlanEvent.PlanArchived a) {
            out = new PlanEvents.PlanArchived(a.planId(), version);
        } else if (event instanceof PlanEvent.TemplateCreated c) {
            out = new PlanEvents.TemplateSaved(c.templateId(), version, c.key(), c.kind(), c.name(), c.variants());
        } else if (event instanceof PlanEvent.TemplateRevised r) {
            out = new PlanEvents.TemplateSaved(r.templateId(), version, r.key(), r.kind(), r.name(), r.variants());
        } else if (event instanceof PlanEvent.TemplateArchived a) {
            out = new PlanEvents.TemplateArchived(a.templateId(), version, a.key());
        } else if (event instanceof PlanEvent.PlanAssigned a) {
            out = new PlanEvents.PlanAssigned(a.customerId(), a.planId(),
                    a.slot() == null ? PlanEvents.Slot.ESCALATION : a.slot());
        } else if (event instanceof PlanEvent.PlanUnassigned u) {
            out = new PlanEvents.PlanUnassigned(u.customerId(), u.planId(), u.slot());
        } else if (event instanceof PlanEvent.CustomerPaused p) {
            out = new PlanEvents.CustomerAutomationChanged(p.customerId(), true, p.reason());
        } else if (event instanceof PlanEvent.CustomerResumed r) {
            out = new PlanEvents.CustomerAutomationChanged(r.customerId(), false, null);
        } else if (event instanceof PlanEvent.SegmentDefaultSet d) {
            out = new PlanEvents.SegmentDefaultChanged(d.segment(), d.slot(), d.planId());
        } else if (event instanceof PlanEvent.SegmentDefaultCleared d) {
            out = new PlanEvents.SegmentDefaultChanged(d.segment(), d.slot(), null);
        } else if (event instanceof PlanEvent.AutomationSwitched a) {
            out = new PlanEvents.TenantAutomationChanged(a.enabled(), a.reason());
        } else if (event instanceof PlanEvent.InvoiceAutomationSwitched i) {
            out = new PlanEvents.InvoiceAutomationChanged(i.invoiceId(), i.enabled(), i.reason());
        } else if (event instanceof PlanEvent.SettingsChanged c) {
            TenantSettings s = c.settings();
            out = new PlanEvents.TenantSettingsChanged(version, s.weekdaySendTime(), s.timeZone(), s.weekendSendTime(),
                    s.weekendTimeZone(), s.holidayCalendar(), s.holidayCountry(), s.minimumGapDays(), s.lateCharges(),
                    s.senderName(), s.signature(), s.letterhead(), s.minimumAmounts());
        } else if (event instanceof PlanEvent.StarterKitInstalled) {
            out = null;
        } else {
            throw new IllegalStateException("no integration event for " + event);
        }
        return Optional.ofNullable(out);
    }
}
