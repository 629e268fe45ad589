package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter kit is valid by the same rules as anything a user saves (R1.5). */
class StarterKitTest {

    @Test
    void every_template_passes_the_check_in_german_and_english() {
        Map<String, TemplateKind> catalog = new HashMap<>();
        for (Templates.Content t : StarterKit.templates()) {
            PlanEvent.TemplateCreated c = (PlanEvent.TemplateCreated) Templates.decide(
                    new Templates.Create(UUID.randomUUID(), t), Templates.State.NONE, false).get(0);
            assertThat(c.variants()).extracting(v -> v.language()).containsExactly("de", "en");
            catalog.put(c.key(), c.kind());
        }
        assertThat(catalog).hasSize(6);
    }

    @Test
    void the_plans_cover_the_three_types_and_name_only_kit_templates() {
        Map<String, TemplateKind> catalog = new HashMap<>();
        StarterKit.templates().forEach(t -> catalog.put(t.key(), t.kind()));
        List<PlanInput> plans = StarterKit.plans(LocalDate.of(2026, 11, 23));
        assertThat(plans).extracting(PlanInput::planType).containsExactly(PlanType.ESCALATION_PER_INVOICE,
                PlanType.ESCALATION_PER_GROUP, PlanType.RECURRING_OVERVIEW);
        for (PlanInput p : plans) {
            assertThat(Plans.decide(new Plans.Create(UUID.randomUUID(), p), Plans.State.NONE, catalog::get,
                    UUID::randomUUID)).hasSize(1);
        }
        assertThat(plans.get(2).overview().startDate()).isEqualTo(LocalDate.of(2026, 12, 1));
    }
}
