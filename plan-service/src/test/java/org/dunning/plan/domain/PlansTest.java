package org.dunning.plan.domain;

import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlansTest {

    static final UUID PLAN = UUID.randomUUID();
    static final UUID STEP = UUID.randomUUID();

    static Step step(String name, Step.Reference ref, Step.Direction dir, Integer days, Step.Action action) {
        return new Step(null, name, new Step.Trigger(ref, dir, days), action, null);
    }

    @Test
    void stepsGetStableIdsAndTheDefaultTemplate() {
        List<PlanEvent> events = Plans.decide(new Plans.CreatePlan(PLAN, "Standard",
                List.of(step("1st reminder", Step.Reference.DUE_DATE, Step.Direction.AFTER, 3, Step.Action.AUTO_EMAIL))),
                Plans.State.NONE, () -> STEP);
        assertThat(events).containsExactly(new PlanEvent.PlanCreated(PLAN, "Standard", Plans.ESCALATION_PER_INVOICE,
                List.of(new Step(STEP, "1st reminder", new Step.Trigger(Step.Reference.DUE_DATE, Step.Direction.AFTER, 3),
                        Step.Action.AUTO_EMAIL, "reminder"))));
    }

    @Test
    void beforeTheIssueDateIsRefused() {
        assertThatThrownBy(() -> Plans.decide(new Plans.CreatePlan(PLAN, "P",
                List.of(step("x", Step.Reference.ISSUE_DATE, Step.Direction.BEFORE, 2, Step.Action.CALL))),
                Plans.State.NONE, UUID::randomUUID))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field).containsExactly("steps[0].trigger.direction"));
    }

    @Test
    void everyBrokenRuleIsNamed() {
        assertThatThrownBy(() -> Plans.decide(new Plans.CreatePlan(PLAN, " ", List.of(
                        step("a", Step.Reference.DUE_DATE, Step.Direction.AFTER, 3, Step.Action.CALL),
                        step("b", Step.Reference.DUE_DATE, Step.Direction.AFTER, 3, null),
                        step("", null, null, -1, Step.Action.AUTO_EMAIL))),
                Plans.State.NONE, UUID::randomUUID))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field).containsExactlyInAnyOrder("name",
                                "steps[1].action", "steps[1].trigger", "steps[2].name", "steps[2].trigger.reference",
                                "steps[2].trigger.direction", "steps[2].trigger.days"));
    }

    @Test
    void assigningTheSamePlanAgainChangesNothing() {
        UUID customer = UUID.randomUUID();
        assertThat(Plans.decide(new Plans.AssignPlan(customer, PLAN), null))
                .containsExactly(new PlanEvent.PlanAssigned(customer, PLAN));
        assertThat(Plans.decide(new Plans.AssignPlan(customer, PLAN), PLAN)).isEmpty();
    }
}
