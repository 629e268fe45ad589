package org.dunning.escalation.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast plays pending steps forward by the rules that fire (R7.1). */
class ForecastTest {

    static final SendSlots SLOTS = SendSlots.of(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0));
    static final PlanStep FIRST = new PlanStep(UUID.randomUUID(), "1st", "DUE_DATE", "AFTER", 3, "AUTO_EMAIL", "t");
    static final PlanStep CALL = new PlanStep(UUID.randomUUID(), "call", "DUE_DATE", "AFTER", 10, "CALL", null);
    static final UUID CUSTOMER = UUID.randomUUID();
    static final UUID PLAN = UUID.randomUUID();

    static Forecast.InvoicePlan invoice(String number, LocalDate due, Instant now, PlanStep... steps) {
        return invoice(number, new BigDecimal("10.00"), due, now, steps);
    }

    static Forecast.InvoicePlan invoice(String number, BigDecimal outstanding, LocalDate due, Instant now,
                                        PlanStep... steps) {
        InvoiceFacts facts = new InvoiceFacts(UUID.randomUUID(), CUSTOMER, number, due.minusDays(14), due, "EUR",
                outstanding, outstanding, "OPEN", false, null);
        List<Forecast.PendingStep> pending = new java.util.ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            LocalDate day = steps[i].fireDate(facts);
            pending.add(new Forecast.PendingStep(steps[i].stepId(), i, day, SLOTS.slotFor(day, now)));
        }
        return new Forecast.InvoicePlan(facts, PLAN, "Standard", List.of(steps), pending);
    }

    @Test
    void stepsComeInTimeOrderWithTheirReason() {
        Instant now = Instant.parse("2026-12-01T07:00:00Z");
        var entries = Forecast.of(now, now.plusSeconds(30 * 86400),
                List.of(invoice("A-1", LocalDate.of(2026, 12, 1), now, FIRST, CALL)), List.of(), 0, Map.of(), SLOTS);
        assertThat(entries).extracting(Forecast.Entry::at).containsExactly(Instant.parse("2026-12-04T08:00:00Z"),
                Instant.parse("2026-12-11T08:00:00Z"));
        assertThat(entries.get(0).reason()).isEqualTo("3 days after the due date (2026-12-04)");
    }

    @Test
    void stepsDueTogetherFireOnlyTheMostAdvanced() {
        Instant now = Instant.parse("2026-12-20T07:00:00Z"); // both steps of an invoice due on 1 December are past
        var entries = Forecast.of(now, now.plusSeconds(86400 * 3),
                List.of(invoice("A-1", LocalDate.of(2026, 12, 1), now, FIRST, CALL)), List.of(), 0, Map.of(), SLOTS);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.stepName()).isEqualTo("call");
            assertThat(e.reason()).endsWith("the most advanced of 2 steps due together, the others are skipped");
        });
    }

    @Test
    void theMinimumGapPostponesTheSecondEmailOfACustomer() {
        Instant now = Instant.parse("2026-12-01T07:00:00Z");
        var entries = Forecast.of(now, now.plusSeconds(30 * 86400), List.of(
                invoice("A-1", LocalDate.of(2026, 12, 1), now, FIRST),
                invoice("A-2", LocalDate.of(2026, 12, 2), now, FIRST)), List.of(), 3, Map.of(), SLOTS);
        assertThat(entries).extracting(Forecast.Entry::at).containsExactly(Instant.parse("2026-12-04T08:00:00Z"),
                Instant.parse("2026-12-07T08:00:00Z"));
        // an e-mail sent the day before holds the first one too
        var held = Forecast.of(now, now.plusSeconds(30 * 86400), List.of(
                invoice("A-1", LocalDate.of(2026, 12, 1), now, FIRST)), List.of(), 3,
                Map.of(CUSTOMER, LocalDate.of(2026, 12, 3)), SLOTS);
        assertThat(held).extracting(Forecast.Entry::at).containsExactly(Instant.parse("2026-12-06T12:00:00Z"));
    }

    @Test
    void aStepBelowTheTenantsMinimumIsListedAsSkippedWithTheReasonAndHoldsNothing() {
        Instant now = Instant.parse("2026-12-01T07:00:00Z");
        var entries = Forecast.of(now, now.plusSeconds(30 * 86400), List.of(
                        invoice("A-1", new BigDecimal("4.99"), LocalDate.of(2026, 12, 1), now, FIRST),
                        invoice("A-2", new BigDecimal("5.00"), LocalDate.of(2026, 12, 2), now, FIRST)), List.of(), 3,
                Map.of(), SLOTS, new MinimumAmounts(Map.of("EUR", new BigDecimal("5.00"))));
        assertThat(entries).extracting(Forecast.Entry::invoiceNumbers, Forecast.Entry::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(List.of("A-1"), Instant.parse("2026-12-04T08:00:00Z")),
                // a Saturday, and not held by the minimum gap: the skipped one sent nothing
                org.assertj.core.groups.Tuple.tuple(List.of("A-2"), Instant.parse("2026-12-05T12:00:00Z")));
        assertThat(entries.get(0).skippedBecause())
                .isEqualTo("the outstanding 4.99 EUR is below the tenant's minimum of 5.00 EUR");
        assertThat(entries.get(1).skippedBecause()).isNull();
    }

    @Test
    void thePlansMaximumLeavesTheEmailsBeyondItUnsentAndTheCallGoesOn() {
        Instant now = Instant.parse("2026-12-01T07:00:00Z");
        PlanStep second = new PlanStep(UUID.randomUUID(), "2nd", "DUE_DATE", "AFTER", 7, "AUTO_EMAIL", "t");
        Forecast.InvoicePlan p = invoice("A-1", LocalDate.of(2026, 12, 1), now, FIRST, second, CALL);
        Forecast.InvoicePlan limited = new Forecast.InvoicePlan(p.invoice(), p.planId(), p.planName(), p.steps(),
                p.pending(), 1, 0);
        var entries = Forecast.of(now, now.plusSeconds(30 * 86400), List.of(limited), List.of(), 0, Map.of(), SLOTS);
        assertThat(entries).extracting(Forecast.Entry::stepName).containsExactly("1st", "2nd", "call");
        assertThat(entries).extracting(Forecast.Entry::skippedBecause).containsExactly(null,
                "the plan's maximum of 1 automatic reminder(s) per invoice is reached", null);
    }
}
