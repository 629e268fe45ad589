package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.LateChargeSettings;
import org.dunning.contract.PlanEvents.Letterhead;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Map;

/**
 * A tenant's settings (R4.1, R7.3, R7.4, R7.6): when automatic messages go out on weekdays and at weekends and in
 * which zone, whether public holidays of a country are skipped, the minimum gap in days between two automatic
 * messages to one customer, late charges, how messages are signed, the letterhead of letters (R2.4), and per
 * currency the outstanding amount below which nothing is reminded (R8.3, {@code minimumAmounts}, sorted by currency).
 */
public record TenantSettings(LocalTime weekdaySendTime, String timeZone, LocalTime weekendSendTime,
                             String weekendTimeZone, boolean holidayCalendar, String holidayCountry,
                             int minimumGapDays, LateChargeSettings lateCharges, String senderName, String signature,
                             Letterhead letterhead, Map<String, BigDecimal> minimumAmounts) {

    public TenantSettings {
        minimumAmounts = minimumAmounts == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.TreeMap<>(minimumAmounts));
    }

    /** What a tenant has before it changes anything: 09:00 Europe/Paris, weekends 13:00 CET, no calendar, no gap. */
    public static final TenantSettings DEFAULTS = new TenantSettings(LocalTime.of(9, 0), "Europe/Paris",
            LocalTime.of(13, 0), "Europe/Paris", false, null, 0,
            new LateChargeSettings(false, new BigDecimal("40.00"), new BigDecimal("12.15")), null, null, null, Map.of());

    /** These settings with another letterhead. */
    public TenantSettings withLetterhead(Letterhead other) {
        return new TenantSettings(weekdaySendTime, timeZone, weekendSendTime, weekendTimeZone, holidayCalendar,
                holidayCountry, minimumGapDays, lateCharges, senderName, signature, other, minimumAmounts);
    }

    /** The letterhead, or one with nothing set. */
    public Letterhead letterheadOrEmpty() {
        return letterhead != null ? letterhead : new Letterhead(null, null, null, null, null, null, null);
    }
}
