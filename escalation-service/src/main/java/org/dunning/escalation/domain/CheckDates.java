package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.time.LocalDate;

/**
 * The check dates of a group plan or an overview: {@code start + k × interval} (k = 0, 1, …). Months count from the
 * start date, so a plan started on the 31st checks on the last day of shorter months and on the 31st again after.
 */
public final class CheckDates {

    public static LocalDate nth(LocalDate start, PlanEvents.Interval every, long k) {
        return switch (every.unit()) {
            case DAYS -> start.plusDays(k * every.every());
            case WEEKS -> start.plusWeeks(k * every.every());
            case MONTHS -> start.plusMonths(k * every.every());
        };
    }

    /** The first check date on or after {@code day}. */
    public static LocalDate firstOnOrAfter(LocalDate start, PlanEvents.Interval every, LocalDate day) {
        if (!day.isAfter(start)) {
            return start;
        }
        long span = switch (every.unit()) {
            case DAYS -> java.time.temporal.ChronoUnit.DAYS.between(start, day) / every.every();
            case WEEKS -> java.time.temporal.ChronoUnit.WEEKS.between(start, day) / every.every();
            case MONTHS -> java.time.temporal.ChronoUnit.MONTHS.between(start, day) / every.every();
        };
        long k = Math.max(0, span - 1);
        LocalDate d = nth(start, every, k);
        while (d.isBefore(day)) {
            d = nth(start, every, ++k);
        }
        return d;
    }

    private CheckDates() {
    }
}
