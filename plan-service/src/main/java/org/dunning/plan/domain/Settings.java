package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.platform.domain.PostalAddresses;
import org.dunning.contract.PlanEvents.LateChargeSettings;
import org.dunning.platform.domain.Violations;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tenant-settings decider: a change names only what it changes; the rest keeps its current value. */
public final class Settings {

    public static final int MAX_GAP_DAYS = 30;
    public static final BigDecimal MAX_FEE = new BigDecimal("10000");
    public static final BigDecimal MAX_RATE = new BigDecimal("100");

    public record LateChargesInput(Boolean enabled, BigDecimal flatFee, BigDecimal annualInterestRatePercent) {
    }

    /**
     * What letters show of the tenant. A field given replaces the one set (blank text clears it), a field left out
     * keeps it; {@code address} and {@code bank} are replaced whole. The logo has its own command ({@link SetLogo}).
     */
    public record LetterheadInput(String legalName, PostalAddress address, String contactLine, String registration,
                                  String vatId, PlanEvents.BankAccount bank) {
    }

    public record Change(LocalTime weekdaySendTime, String timeZone, LocalTime weekendSendTime, String weekendTimeZone,
                         Boolean holidayCalendar, String holidayCountry, Integer minimumGapDays,
                         LateChargesInput lateCharges, String senderName, String signature,
                         LetterheadInput letterhead, Map<String, BigDecimal> minimumAmounts) {
        public Change(LocalTime weekdaySendTime, String timeZone, LocalTime weekendSendTime, String weekendTimeZone,
                      Boolean holidayCalendar, String holidayCountry, Integer minimumGapDays,
                      LateChargesInput lateCharges, String senderName, String signature) {
            this(weekdaySendTime, timeZone, weekendSendTime, weekendTimeZone, holidayCalendar, holidayCountry,
                    minimumGapDays, lateCharges, senderName, signature, null, null);
        }
    }

    /** Sets the letterhead's logo ({@code data} null: removes it); {@link Logos#check} has checked the image. */
    public record SetLogo(PlanEvents.Logo logo) {
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
        PlanEvents.Letterhead letterhead = letterhead(c.letterhead(), s.letterheadOrEmpty(), v);
        Map<String, BigDecimal> minimums = c.minimumAmounts() != null ? minimumAmounts(c.minimumAmounts(), v)
                : s.minimumAmounts();
        v.throwIfAny();
        TenantSettings next = new TenantSettings(weekday, zone, weekend, weekendZone, calendar, country, gap, charges,
                sender, signature, letterhead, minimums);
        return changed(next, state);
    }

    public static List<PlanEvent> decide(SetLogo c, State state) {
        TenantSettings s = state.settings();
        PlanEvents.Letterhead h = s.letterheadOrEmpty();
        TenantSettings next = s.withLetterhead(orNull(new PlanEvents.Letterhead(h.legalName(), h.address(),
                h.contactLine(), h.registration(), h.vatId(), h.bank(), c.logo())));
        return changed(next, state);
    }

    public static final BigDecimal MAX_MINIMUM_AMOUNT = new BigDecimal("1000000");

    /**
     * R8.3: per currency (ISO 4217), the outstanding amount below which nothing is reminded; the map given replaces
     * the one set (empty: no minimum anywhere). An amount is above 0, at most {@link #MAX_MINIMUM_AMOUNT}, with no more
     * decimals than its currency has.
     */
    static Map<String, BigDecimal> minimumAmounts(Map<String, BigDecimal> in, Violations v) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        v.check(in.size() <= 50, "minimumAmounts", "at most 50 currencies");
        in.forEach((code, amount) -> {
            String currency = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
            String field = "minimumAmounts." + currency;
            java.util.Currency known = currency.matches("[A-Z]{3}") ? java.util.Currency.getAvailableCurrencies()
                    .stream().filter(k -> k.getCurrencyCode().equals(currency)).findFirst().orElse(null) : null;
            if (known == null) {
                v.check(false, field, "an ISO 4217 currency code, e.g. EUR");
                return;
            }
            if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_MINIMUM_AMOUNT) > 0) {
                v.check(false, field, "an amount above 0 and at most " + MAX_MINIMUM_AMOUNT.toPlainString());
                return;
            }
            int digits = Math.max(0, known.getDefaultFractionDigits());
            if (amount.stripTrailingZeros().scale() > digits) {
                v.check(false, field, "at most " + digits + " decimals for " + currency);
                return;
            }
            v.check(!out.containsKey(currency), field, "given twice");
            out.put(currency, amount.setScale(digits, java.math.RoundingMode.UNNECESSARY));
        });
        return out;
    }

    private static List<PlanEvent> changed(TenantSettings next, State state) {
        return next.equals(state.settings()) && state.version() > 0 ? List.of()
                : List.of(new PlanEvent.SettingsChanged(next));
    }

    static final java.util.regex.Pattern VAT_ID = java.util.regex.Pattern.compile("[A-Z]{2}[A-Z0-9+*.]{2,13}");

    private static PlanEvents.Letterhead letterhead(LetterheadInput in, PlanEvents.Letterhead current, Violations v) {
        if (in == null) {
            return orNull(current);
        }
        String legalName = text(in.legalName(), current.legalName());
        String contact = text(in.contactLine(), current.contactLine());
        String registration = text(in.registration(), current.registration());
        String vatId = text(in.vatId(), current.vatId());
        vatId = vatId == null ? null : vatId.replace(" ", "").toUpperCase(Locale.ROOT);
        v.text("letterhead.legalName", legalName, Violations.LINE)
                .text("letterhead.contactLine", contact, Violations.LINE)
                .text("letterhead.registration", registration, Violations.LINE)
                .check(vatId == null || VAT_ID.matcher(vatId).matches(), "letterhead.vatId",
                        "a VAT identification number: the country code and 2 to 13 letters or digits, e.g. DE123456789");
        PostalAddress address = in.address() != null
                ? PostalAddresses.check("letterhead.address", in.address(), v) : current.address();
        PlanEvents.BankAccount bank = in.bank() != null ? bank(in.bank(), v) : current.bank();
        return orNull(new PlanEvents.Letterhead(legalName, address, contact, registration, vatId, bank,
                current.logo()));
    }

    /** No letterhead rather than one with nothing in it. */
    private static PlanEvents.Letterhead orNull(PlanEvents.Letterhead h) {
        return h.equals(new PlanEvents.Letterhead(null, null, null, null, null, null, null)) ? null : h;
    }

    /** The bank account as stored: the IBAN without spaces and its check digits right (iban4j), the BIC valid. */
    static PlanEvents.BankAccount bank(PlanEvents.BankAccount b, Violations v) {
        String iban = b.iban() == null || b.iban().isBlank() ? null
                : b.iban().replace(" ", "").toUpperCase(Locale.ROOT);
        String bic = b.bic() == null || b.bic().isBlank() ? null : b.bic().replace(" ", "").toUpperCase(Locale.ROOT);
        v.check(iban != null, "letterhead.bank.iban", "required");
        if (iban != null) {
            try {
                org.iban4j.IbanUtil.validate(iban);
            } catch (org.iban4j.Iban4jException e) {
                v.check(false, "letterhead.bank.iban", "not a valid IBAN: " + ibanProblem(e));
            }
        }
        if (bic != null) {
            try {
                org.iban4j.BicUtil.validate(bic);
            } catch (org.iban4j.Iban4jException e) {
                v.check(false, "letterhead.bank.bic", "not a valid BIC (8 or 11 letters and digits, e.g. COBADEFFXXX)");
            }
        }
        v.text("letterhead.bank.accountHolder", b.accountHolder(), Violations.LINE)
                .text("letterhead.bank.bankName", b.bankName(), Violations.LINE);
        return new PlanEvents.BankAccount(blank(b.accountHolder()), iban, bic, blank(b.bankName()));
    }

    private static String ibanProblem(org.iban4j.Iban4jException e) {
        if (e instanceof org.iban4j.InvalidCheckDigitException) {
            return "its check digits are wrong";
        }
        if (e instanceof org.iban4j.UnsupportedCountryException) {
            return "unknown country code";
        }
        return "wrong length or characters for its country";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
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
