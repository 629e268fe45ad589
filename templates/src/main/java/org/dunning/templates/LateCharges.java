package org.dunning.templates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Late-payment charges (R7.3), as the EU late-payment directive frames them: a flat recovery fee per late invoice
 * and statutory interest on the outstanding amount for each day late ({@code outstanding × rate% × days / 365}).
 * Both in the invoice's currency, rounded half-up to its minor unit. Nothing is charged on an invoice not late.
 */
public final class LateCharges {

    /**
     * The tenant's settings: whether messages show charges, the flat fee per late invoice (e.g. 40 for the EU
     * directive's EUR 40) and the yearly interest rate in percent (e.g. 12.15 = ECB rate + 8 points).
     */
    public record Settings(boolean enabled, BigDecimal flatFee, BigDecimal annualInterestRatePercent) {
    }

    /** The charges on one invoice. */
    public record Charge(BigDecimal flatFee, BigDecimal interest) {
        public BigDecimal total() {
            return flatFee.add(interest);
        }
    }

    private static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public static Charge of(Settings settings, String currency, BigDecimal outstanding, long daysLate) {
        int scale = Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal zero = BigDecimal.ZERO.setScale(scale);
        if (settings == null || !settings.enabled() || daysLate <= 0 || outstanding.signum() <= 0) {
            return new Charge(zero, zero);
        }
        BigDecimal fee = settings.flatFee() == null ? zero : settings.flatFee().setScale(scale, RoundingMode.HALF_UP);
        BigDecimal rate = settings.annualInterestRatePercent() == null ? BigDecimal.ZERO
                : settings.annualInterestRatePercent();
        BigDecimal interest = outstanding.multiply(rate).multiply(BigDecimal.valueOf(daysLate))
                .divide(HUNDRED.multiply(DAYS_PER_YEAR), scale, RoundingMode.HALF_UP);
        return new Charge(fee, interest);
    }

    private LateCharges() {
    }
}
