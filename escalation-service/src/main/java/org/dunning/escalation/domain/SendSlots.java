package org.dunning.escalation.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When automatic reminders go out (R4.1): once a day, on weekdays at the tenant's send time in its time zone, on
 * Saturdays and Sundays at 13:00 Europe/Paris. Days are the tenant's calendar days; DST is the zone's business.
 */
public record SendSlots(ZoneId zone, LocalTime weekdayTime) {

    public static final ZoneId WEEKEND_ZONE = ZoneId.of("Europe/Paris");
    public static final LocalTime WEEKEND_TIME = LocalTime.of(13, 0);

    /** The send slot of a calendar day of the tenant. */
    public Instant slotOn(LocalDate day) {
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return weekend
                ? ZonedDateTime.of(day, WEEKEND_TIME, WEEKEND_ZONE).toInstant()
                : ZonedDateTime.of(day, weekdayTime, zone).toInstant();
    }

    /** The first slot at or after {@code t}. */
    public Instant firstSlotAtOrAfter(Instant t) {
        LocalDate day = today(t);
        Instant slot = slotOn(day);
        while (slot.isBefore(t)) {
            day = day.plusDays(1);
            slot = slotOn(day);
        }
        return slot;
    }

    /** The first slot on or after {@code day} that is not before {@code now}: a past day catches up at the next slot. */
    public Instant slotFor(LocalDate day, Instant now) {
        Instant slot = slotOn(day);
        return slot.isBefore(now) ? firstSlotAtOrAfter(now) : slot;
    }

    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }
}
