package org.dunning.templates;

import org.dunning.contract.PostalAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a postal address as the post of its country reads it: the postal code before the city on the continent,
 * after it on its own line in the United Kingdom and Ireland, after the state in North America; the country, in
 * capitals, as the last line when the letter crosses a border (UPU S42). Pure.
 */
public final class AddressLines {

    /** Countries whose post reads the town, then the postcode on a line of its own. */
    private static final Set<String> POSTCODE_LAST = Set.of("GB", "IE");
    /** Countries whose post reads "City ST 12345" (state and ZIP on the city line). */
    private static final Set<String> CITY_STATE_ZIP = Set.of("US", "CA", "AU");

    /**
     * The lines under the name: the recipient line, the street lines, the city line(s), and the country when it
     * differs from {@code fromCountry} (null: always), named in {@code language}.
     */
    public static List<String> of(PostalAddress a, String language, String fromCountry) {
        List<String> lines = new ArrayList<>();
        if (a == null) {
            return lines;
        }
        add(lines, a.recipient());
        a.street().forEach(l -> add(lines, l));
        String country = a.country() == null ? "" : a.country().toUpperCase(Locale.ROOT);
        String code = blank(a.postalCode()) ? "" : a.postalCode().trim();
        String city = blank(a.city()) ? "" : a.city().trim();
        if (POSTCODE_LAST.contains(country)) {
            add(lines, city.toUpperCase(Locale.ROOT));
            add(lines, a.region());
            add(lines, code);
        } else if (CITY_STATE_ZIP.contains(country)) {
            add(lines, (city + (blank(a.region()) ? "" : " " + a.region().trim()) + (code.isEmpty() ? "" : " " + code))
                    .trim());
        } else {
            add(lines, (code + " " + city).trim());
        }
        if (!country.isEmpty() && !country.equalsIgnoreCase(fromCountry == null ? "" : fromCountry)) {
            add(lines, countryName(country, language).toUpperCase(Locale.forLanguageTag(language == null ? "en"
                    : language)));
        }
        return lines;
    }

    /** The address on one line, e.g. {@code Musterstraße 1, 10115 Berlin} (the country when it is another). */
    public static String oneLine(PostalAddress a, String language, String fromCountry) {
        return String.join(", ", of(a, language, fromCountry));
    }

    /** The country's name in the language ({@code DE} in {@code de}: Deutschland). */
    public static String countryName(String country, String language) {
        Locale l = Locale.forLanguageTag(language == null || language.isBlank() ? "en" : language);
        String name = new Locale("", country).getDisplayCountry(l);
        return name.isBlank() ? country : name;
    }

    private static void add(List<String> lines, String line) {
        if (!blank(line)) {
            lines.add(line.trim());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private AddressLines() {
    }
}
