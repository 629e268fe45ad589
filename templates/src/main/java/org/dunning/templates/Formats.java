package org.dunning.templates;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/** Amounts and dates as the customer's locale writes them: {@code 1.234,56 €} and {@code 21.11.2026} in German. */
public record Formats(Locale locale) {

    public static Formats forLanguage(String language) {
        return new Formats(language == null || language.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(language));
    }

    public String money(BigDecimal amount, String currency) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        Currency c = Currency.getInstance(currency);
        f.setCurrency(c);
        f.setMinimumFractionDigits(c.getDefaultFractionDigits());
        f.setMaximumFractionDigits(c.getDefaultFractionDigits());
        // Java puts a no-break space before the symbol; mail clients show a plain one just as well.
        return f.format(amount).replace('\u00A0', ' ');
    }

    public String date(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(date);
    }
}
