package org.dunning.escalation.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When automatic reminders go out (R4.1, R7.4): once a day, on weekdays at the tenant's send time in its time zone,
 * on Saturdays and Sundays at the weekend time (13:00 Europe/Paris by default). With a holiday calendar, a holiday's
 * reminders move to the next working day's slot (Monday to Friday, not a holiday). Days are the tenant's calendar
 * days; DST is the zone's business. {@code holidayCountry} null: no calendar.
 */
public record SendSlots(ZoneId zone, LocalTime weekdayTime, ZoneId weekendZone, LocalTime weekendTime,
                        String holidayCountry) {

    public static final ZoneId WEEKEND_ZONE = ZoneId.of("Europe/Paris");
    public static final LocalTime WEEKEND_TIME = LocalTime.of(13, 0);

    /** Weekday slots at {@code weekdayTime} in {@code zone}, weekends at 13:00 Europe/Paris, no holiday calendar. */
    public static SendSlots of(ZoneId zone, LocalTime weekdayTime) {
        return new SendSlots(zone, weekdayTime, WEEKEND_ZONE, WEEKEND_TIME, null);
    }

    /** The send slot for reminders due on a calendar day of the tenant (a holiday's: the next working day's). */
    public Instant slotOn(LocalDate day) {
        if (holidayCountry != null && PublicHolidays.isHoliday(holidayCountry, day)) {
            LocalDate next = day.plusDays(1);
            while (weekend(next) || PublicHolidays.isHoliday(holidayCountry, next)) {
                next = next.plusDays(1);
            }
            return ZonedDateTime.of(next, weekdayTime, zone).toInstant();
        }
        return weekend(day)
                ? ZonedDateTime.of(day, weekendTime, weekendZone).toInstant()
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

    private static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
