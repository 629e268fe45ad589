package org.dunning.plan.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.plan.domain.PlanEvent;
import org.dunning.plan.domain.Step;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/** Maps plan-service's domain events to the integration events of {@link Topics#PLAN_EVENTS}. */
@ApplicationScoped
public class PlanOutboxMapper implements OutboxMapper {

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return Optional.of(new Outgoing(Topics.PLAN_EVENTS, e.partitionKey(), switch (e.type()) {
            case "PlanCreated" -> {
                PlanEvent.PlanCreated p = e.dataAs(PlanEvent.PlanCreated.class);
                yield new PlanEvents.PlanCreated(p.planId(), e.version(), p.name(),
                        PlanEvents.PlanType.valueOf(p.planType()), p.steps().stream().map(PlanOutboxMapper::step).toList());
            }
            case "PlanAssigned" -> {
                PlanEvent.PlanAssigned a = e.dataAs(PlanEvent.PlanAssigned.class);
                yield new PlanEvents.PlanAssigned(a.customerId(), a.planId());
            }
            default -> throw new IllegalStateException("no integration event for " + e.type());
        }));
    }

    private static PlanEvents.Step step(Step s) {
        return new PlanEvents.Step(s.stepId(), s.name(), new PlanEvents.Trigger(
                PlanEvents.TriggerReference.valueOf(s.trigger().reference().name()),
                PlanEvents.Direction.valueOf(s.trigger().direction().name()), s.trigger().days()),
                PlanEvents.Action.valueOf(s.action().name()), s.templateKey());
    }
}
