package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.templates.MessageData;
import org.dunning.templates.SampleData;
import org.dunning.templates.TemplateRenderer;
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

    @Test
    void everyTemplateOffersTheInvoicesPayLinkWhenItHasOneAndNothingWhenNot() {
        LocalDate today = LocalDate.of(2026, 11, 23);
        for (Templates.Content t : StarterKit.templates()) {
            for (TemplateVariant v : t.variants()) {
                MessageData sample = SampleData.of(v.language(), today, null, new MessageData.Sender("Acme", null));
                // a letter prints the link only for one invoice; its table has no room for one per row
                MessageData linked = t.kind() == TemplateKind.EMAIL ? sample : new MessageData(sample.language(),
                        sample.customer(), sample.contact(), sample.invoices().subList(0, 1), sample.creditNotes(),
                        sample.charges(), sample.tenant(), sample.today());
                MessageData unlinked = new MessageData(linked.language(), linked.customer(), linked.contact(),
                        linked.invoices().stream().map(i -> new MessageData.InvoiceLine(i.number(), i.issueDate(),
                                i.dueDate(), i.expectedPaymentDate(), i.currency(), i.amount(), i.outstanding(),
                                i.daysLate())).toList(), linked.creditNotes(), linked.charges(), linked.tenant(),
                        linked.today());
                String with = TemplateRenderer.render(v.subject(), v.body(), linked).html();
                String without = TemplateRenderer.render(v.subject(), v.body(), unlinked).html();
                String where = t.key() + "/" + v.language();
                assertThat(with).as(where).contains(t.kind() == TemplateKind.EMAIL
                        ? "href=\"https://pay.example.com/i/INV-2026-0042\"" : "https://pay.example.com/i/INV-2026-0042");
                assertThat(without).as(where).doesNotContain("pay.example.com").doesNotContainIgnoringCase("online");
            }
        }
    }
}
