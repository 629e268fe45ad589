package org.dunning.escalation.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * National public holidays (R7.4) of the countries the tenant settings offer: fixed dates, the days that follow
 * Easter (computed, Gregorian), the British and Irish Monday holidays and their substitute days. Regional holidays
 * (a German Land, a Swiss canton) are not included.
 */
public final class PublicHolidays {

    public static final Set<String> COUNTRIES = Set.of("DE", "AT", "CH", "FR", "BE", "NL", "LU", "GB", "IE", "IT",
            "ES");

    public static boolean isHoliday(String country, LocalDate day) {
        return of(country, day.getYear()).contains(day);
    }

    public static Set<LocalDate> of(String country, int year) {
        LocalDate easter = easterSunday(year);
        Set<LocalDate> days = new HashSet<>();
        switch (country) {
            case "DE" -> {
                fixed(days, year, "01-01", "05-01", "10-03", "12-25", "12-26");
                easter(days, easter, -2, 1, 39, 50);
            }
            case "AT" -> {
                fixed(days, year, "01-01", "01-06", "05-01", "08-15", "10-26", "11-01", "12-08", "12-25", "12-26");
                easter(days, easter, 1, 39, 50, 60);
            }
            case "CH" -> {
                fixed(days, year, "01-01", "08-01", "12-25", "12-26");
                easter(days, easter, -2, 1, 39, 50);
            }
            case "FR" -> {
                fixed(days, year, "01-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25");
                easter(days, easter, 1, 39, 50);
            }
            case "BE" -> {
                fixed(days, year, "01-01", "05-01", "07-21", "08-15", "11-01", "11-11", "12-25");
                easter(days, easter, 1, 39, 50);
            }
            case "NL" -> {
                fixed(days, year, "01-01", "12-25", "12-26");
                LocalDate kingsDay = LocalDate.of(year, 4, 27);
                days.add(kingsDay.getDayOfWeek() == DayOfWeek.SUNDAY ? kingsDay.minusDays(1) : kingsDay);
                easter(days, easter, 1, 39, 50);
            }
            case "LU" -> {
                fixed(days, year, "01-01", "05-01", "05-09", "06-23", "08-15", "11-01", "12-25", "12-26");
                easter(days, easter, 1, 39, 50);
            }
            case "GB" -> {
                // England and Wales: a holiday on a weekend is taken on the next weekday
                substituted(days, List.of(LocalDate.of(year, 1, 1)));
                substituted(days, List.of(LocalDate.of(year, 12, 25), LocalDate.of(year, 12, 26)));
                easter(days, easter, -2, 1);
                days.add(firstMonday(year, 5));
                days.add(lastMonday(year, 5));
                days.add(lastMonday(year, 8));
            }
            case "IE" -> {
                substituted(days, List.of(LocalDate.of(year, 1, 1)));
                substituted(days, List.of(LocalDate.of(year, 3, 17)));
                substituted(days, List.of(LocalDate.of(year, 12, 25), LocalDate.of(year, 12, 26)));
                LocalDate brigid = LocalDate.of(year, 2, 1);
                days.add(brigid.getDayOfWeek() == DayOfWeek.FRIDAY ? brigid : firstMonday(year, 2));
                easter(days, easter, 1);
                days.add(firstMonday(year, 5));
                days.add(firstMonday(year, 6));
                days.add(firstMonday(year, 8));
                days.add(lastMonday(year, 10));
            }
            case "IT" -> {
                fixed(days, year, "01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25",
                        "12-26");
                easter(days, easter, 1);
            }
            case "ES" -> {
                fixed(days, year, "01-01", "01-06", "05-01", "08-15", "10-12", "11-01", "12-06", "12-08", "12-25");
                easter(days, easter, -2);
            }
            default -> throw new IllegalArgumentException("no holiday calendar for " + country);
        }
        return days;
    }

    /** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static void fixed(Set<LocalDate> days, int year, String... monthDays) {
        for (String md : monthDays) {
            days.add(MonthDay.parse("--" + md).atYear(year));
        }
    }

    private static void easter(Set<LocalDate> days, LocalDate easter, int... offsets) {
        for (int o : offsets) {
            days.add(easter.plusDays(o));
        }
    }

    /** Consecutive holidays; each one on a weekend is taken on the next weekday not already a holiday. */
    private static void substituted(Set<LocalDate> days, List<LocalDate> holidays) {
        Set<LocalDate> taken = new HashSet<>(holidays);
        for (LocalDate d : holidays) {
            LocalDate day = d;
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = d.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                while (taken.contains(day) || days.contains(day)) {
                    day = day.plusDays(1);
                }
                taken.add(day);
            }
            days.add(day);
        }
    }

    private static LocalDate firstMonday(int year, int month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
    }

    private static LocalDate lastMonday(int year, int month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY));
    }

    private PublicHolidays() {
    }
}
