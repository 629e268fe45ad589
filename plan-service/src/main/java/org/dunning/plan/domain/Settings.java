package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PlanEvents.LateChargeSettings;
import org.dunning.platform.domain.Violations;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** The tenant-settings decider: a change names only what it changes; the rest keeps its current value. */
public final class Settings {

    public static final int MAX_GAP_DAYS = 30;
    public static final BigDecimal MAX_FEE = new BigDecimal("10000");
    public static final BigDecimal MAX_RATE = new BigDecimal("100");

    public record LateChargesInput(Boolean enabled, BigDecimal flatFee, BigDecimal annualInterestRatePercent) {
    }

    public record Change(LocalTime weekdaySendTime, String timeZone, LocalTime weekendSendTime, String weekendTimeZone,
                         Boolean holidayCalendar, String holidayCountry, Integer minimumGapDays,
                         LateChargesInput lateCharges, String senderName, String signature) {
    }

    public record State(long version, TenantSettings settings) {
        public static final State NONE = new State(0, TenantSettings.DEFAULTS);
    }

    public static List<PlanEvent> decide(Change c, State state) {
        Violations v = new Violations();
        if (c == null) {
            v.check(false, "body", "required").throwIfAny();
        }
        TenantSettings s = state.settings();
        LocalTime weekday = c.weekdaySendTime() != null ? c.weekdaySendTime() : s.weekdaySendTime();
        LocalTime weekend = c.weekendSendTime() != null ? c.weekendSendTime() : s.weekendSendTime();
        v.check(weekday.getSecond() == 0 && weekday.getNano() == 0, "weekdaySendTime", "whole minutes, e.g. 09:00");
        v.check(weekend.getSecond() == 0 && weekend.getNano() == 0, "weekendSendTime", "whole minutes, e.g. 13:00");
        String zone = c.timeZone() != null ? c.timeZone().trim() : s.timeZone();
        String weekendZone = c.weekendTimeZone() != null ? c.weekendTimeZone().trim() : s.weekendTimeZone();
        v.check(isZone(zone), "timeZone", "an IANA time zone, e.g. Europe/Paris");
        v.check(isZone(weekendZone), "weekendTimeZone", "an IANA time zone, e.g. Europe/Paris");
        boolean calendar = c.holidayCalendar() != null ? c.holidayCalendar() : s.holidayCalendar();
        String country = c.holidayCountry() != null ? c.holidayCountry().trim().toUpperCase(Locale.ROOT)
                : s.holidayCountry();
        if (country != null && country.isEmpty()) {
            country = null;
        }
        v.check(country == null || PlanEvents.TenantSettingsChanged.HOLIDAY_COUNTRIES.contains(country),
                "holidayCountry", "one of " + PlanEvents.TenantSettingsChanged.HOLIDAY_COUNTRIES.stream().sorted()
                        .toList());
        v.check(!calendar || country != null, "holidayCountry", "required when the holiday calendar is on");
        int gap = c.minimumGapDays() != null ? c.minimumGapDays() : s.minimumGapDays();
        v.check(gap >= 0 && gap <= MAX_GAP_DAYS, "minimumGapDays", "0 to " + MAX_GAP_DAYS + " days");
        LateChargeSettings charges = charges(c.lateCharges(), s.lateCharges(), v);
        String sender = text(c.senderName(), s.senderName());
        String signature = text(c.signature(), s.signature());
        v.check(sender == null || sender.length() <= Plans.MAX_NAME, "senderName",
                "at most " + Plans.MAX_NAME + " characters");
        v.check(signature == null || signature.length() <= 2000, "signature", "at most 2000 characters");
        v.throwIfAny();
        TenantSettings next = new TenantSettings(weekday, zone, weekend, weekendZone, calendar, country, gap, charges,
                sender, signature);
        return next.equals(s) && state.version() > 0 ? List.of() : List.of(new PlanEvent.SettingsChanged(next));
    }

    public static State evolve(State s, PlanEvent e) {
        if (e instanceof PlanEvent.SettingsChanged c) {
            return new State(s.version() + 1, c.settings());
        }
        throw new IllegalArgumentException("not a settings event: " + e);
    }

    public static State replay(List<PlanEvent> events) {
        State s = State.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static LateChargeSettings charges(LateChargesInput in, LateChargeSettings current, Violations v) {
        if (in == null) {
            return current;
        }
        boolean enabled = in.enabled() != null ? in.enabled() : current.enabled();
        BigDecimal fee = in.flatFee() != null ? in.flatFee() : current.flatFee();
        BigDecimal rate = in.annualInterestRatePercent() != null ? in.annualInterestRatePercent()
                : current.annualInterestRatePercent();
        v.check(fee.signum() >= 0 && fee.compareTo(MAX_FEE) <= 0 && fee.stripTrailingZeros().scale() <= 2,
                "lateCharges.flatFee", "0 to " + MAX_FEE + " with at most 2 decimals");
        v.check(rate.signum() >= 0 && rate.compareTo(MAX_RATE) <= 0 && rate.stripTrailingZeros().scale() <= 4,
                "lateCharges.annualInterestRatePercent", "0 to 100 percent a year, at most 4 decimals");
        return new LateChargeSettings(enabled, fee, rate);
    }

    private static boolean isZone(String zone) {
        try {
            return zone != null && !(ZoneId.of(zone) instanceof java.time.ZoneOffset);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String text(String given, String current) {
        if (given == null) {
            return current;
        }
        String t = given.strip();
        return t.isEmpty() ? null : t;
    }

    private Settings() {
    }
}
