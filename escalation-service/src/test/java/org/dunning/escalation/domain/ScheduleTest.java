package org.dunning.escalation.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {

    static final SendSlots SLOTS = SendSlots.of(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0));
    static final PlanStep FIRST = new PlanStep(UUID.randomUUID(), "1st", "DUE_DATE", "AFTER", 3, "AUTO_EMAIL", "reminder");
    static final PlanStep SECOND = new PlanStep(UUID.randomUUID(), "2nd", "DUE_DATE", "AFTER", 10, "AUTO_EMAIL", "reminder");
    static final PlanStep THIRD = new PlanStep(UUID.randomUUID(), "3rd", "DUE_DATE", "AFTER", 21, "CALL", "reminder");

    static InvoiceFacts invoice(LocalDate due, String status) {
        return new InvoiceFacts(UUID.randomUUID(), UUID.randomUUID(), "INV-1", due.minusDays(14), due, "EUR",
                new BigDecimal("100.00"), new BigDecimal("100.00"), status, false, null);
    }

    @Test
    void eachStepIsPlannedAtTheSlotOfItsDay() {
        List<Schedule.Planned> planned = Schedule.plan(invoice(LocalDate.of(2026, 12, 1), "OPEN"),
                List.of(FIRST, SECOND), Set.of(), SLOTS, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(planned).extracting(Schedule.Planned::fireDate)
                .containsExactly(LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 11));
        assertThat(planned.get(0).fireAt()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
    }

    @Test
    void aDueDateStepOnASaturdayGoesOutAt13Paris() {
        List<Schedule.Planned> planned = Schedule.plan(invoice(LocalDate.of(2026, 12, 2), "OPEN"), List.of(FIRST),
                Set.of(), SLOTS, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(planned.get(0).fireAt()).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
    }

    @Test
    void whatFiredOrWasSkippedIsNotPlannedAgainAndAClosedInvoiceGetsNothing() {
        assertThat(Schedule.plan(invoice(LocalDate.of(2026, 12, 1), "OPEN"), List.of(FIRST, SECOND),
                Set.of(FIRST.stepId()), SLOTS, Instant.parse("2026-12-01T00:00:00Z")))
                .extracting(Schedule.Planned::stepId).containsExactly(SECOND.stepId());
        assertThat(Schedule.plan(invoice(LocalDate.of(2026, 12, 1), "PAID"), List.of(FIRST), Set.of(), SLOTS,
                Instant.parse("2026-12-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void lateStepsAllCatchUpAtTheNextSlot() {
        // Assigned 25 days after the due date: all three steps are past and wait for the same slot.
        Instant now = Instant.parse("2026-12-26T10:00:00Z");
        List<Schedule.Planned> planned = Schedule.plan(invoice(LocalDate.of(2026, 12, 1), "OPEN"),
                List.of(FIRST, SECOND, THIRD), Set.of(), SLOTS, now);
        assertThat(planned).extracting(Schedule.Planned::fireAt).containsOnly(Instant.parse("2026-12-26T12:00:00Z"));
    }

    @Test
    void onlyTheMostAdvancedDueStepFiresTheOthersAreSkipped() {
        Schedule.Due a = new Schedule.Due("a", FIRST.stepId(), 0, LocalDate.of(2026, 12, 4));
        Schedule.Due b = new Schedule.Due("b", SECOND.stepId(), 1, LocalDate.of(2026, 12, 11));
        Schedule.Due c = new Schedule.Due("c", THIRD.stepId(), 2, LocalDate.of(2026, 12, 22));
        Schedule.Decision d = Schedule.decide(List.of(b, c, a));
        assertThat(d.fire()).isEqualTo(c);
        assertThat(d.skipped()).containsExactly(a, b);
    }

    @Test
    void aPromiseToPayHoldsDueDateStepsAndStartsTheExpectedPaymentDateSteps() {
        LocalDate due = LocalDate.of(2026, 12, 1);
        InvoiceFacts promised = new InvoiceFacts(UUID.randomUUID(), UUID.randomUUID(), "INV-1", due.minusDays(14), due,
                "EUR", new BigDecimal("100.00"), new BigDecimal("100.00"), "OPEN", false, LocalDate.of(2026, 12, 15));
        PlanStep afterPromise = new PlanStep(UUID.randomUUID(), "promise broken", "EXPECTED_PAYMENT_DATE", "AFTER", 2,
                "AUTO_EMAIL", "reminder");
        // 1st (4 Dec) and 2nd (11 Dec) wait until the day after the promised date; the 3rd (22 Dec) keeps its day
        assertThat(FIRST.fireDate(promised)).isEqualTo(LocalDate.of(2026, 12, 16));
        assertThat(SECOND.fireDate(promised)).isEqualTo(LocalDate.of(2026, 12, 16));
        assertThat(THIRD.fireDate(promised)).isEqualTo(LocalDate.of(2026, 12, 22));
        assertThat(afterPromise.fireDate(promised)).isEqualTo(LocalDate.of(2026, 12, 17));
        // without a promise the expected-payment-date step does not apply
        assertThat(afterPromise.fireDate(invoice(due, "OPEN"))).isNull();
        assertThat(Schedule.plan(invoice(due, "OPEN"), List.of(FIRST, afterPromise), java.util.Set.of(), SLOTS,
                java.time.Instant.parse("2026-12-01T07:00:00Z"))).extracting(Schedule.Planned::stepId)
                .containsExactly(FIRST.stepId());
    }
}
