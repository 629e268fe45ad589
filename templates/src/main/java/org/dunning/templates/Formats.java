package org.dunning.templates;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Amounts and dates as the customer's locale writes them: {@code 1.234,56 €} and {@code 21.11.2026} in German. */
public record Formats(Locale locale) {

    public static Formats forLanguage(String language) {
        return new Formats(language == null || language.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(language));
    }

    /** A currency format per locale and currency, made once (making one costs more than the formatting). */
    private static final Map<String, NumberFormat> MONEY = new ConcurrentHashMap<>();
    private static final Map<Locale, DateTimeFormatter> DATES = new ConcurrentHashMap<>();

    public String money(BigDecimal amount, String currency) {
        NumberFormat made = MONEY.computeIfAbsent(locale.toLanguageTag() + "/" + currency, k -> {
            NumberFormat f = NumberFormat.getCurrencyInstance(locale);
            Currency c = Currency.getInstance(currency);
            f.setCurrency(c);
            f.setMinimumFractionDigits(c.getDefaultFractionDigits());
            f.setMaximumFractionDigits(c.getDefaultFractionDigits());
            return f;
        });
        // a NumberFormat is not thread-safe: each use formats with a copy
        // Java puts a no-break space before the symbol; mail clients show a plain one just as well.
        return ((NumberFormat) made.clone()).format(amount).replace('\u00A0', ' ');
    }

    public String date(LocalDate date) {
        return DATES.computeIfAbsent(locale, l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l))
                .format(date);
    }
}
