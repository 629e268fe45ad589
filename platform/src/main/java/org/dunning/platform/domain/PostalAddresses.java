package org.dunning.platform.domain;

import org.dunning.contract.PostalAddress;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a postal address and writes it the one way it is stored: the country an ISO 3166-1 alpha-2 code, one to
 * three street lines, a city, and a postal code in the format of its country where the rule is simple (the countries
 * of the holiday calendar, the United States and Canada); the code in capitals with its usual space. Pure.
 */
public final class PostalAddresses {

    public static final int MAX_STREET_LINES = 3;
    public static final int MAX_LINE = 100;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The postal code formats this checks, with an example each (shown in the error). */
    private record Rule(Pattern pattern, String example) {
    }

    private static final Map<String, Rule> CODES = Map.ofEntries(
            Map.entry("DE", rule("\\d{5}", "10115")),
            Map.entry("AT", rule("\\d{4}", "1010")),
            Map.entry("CH", rule("\\d{4}", "8001")),
            Map.entry("LI", rule("\\d{4}", "9490")),
            Map.entry("FR", rule("\\d{5}", "75001")),
            Map.entry("BE", rule("\\d{4}", "1000")),
            Map.entry("NL", rule("\\d{4} [A-Z]{2}", "1011 AB")),
            Map.entry("LU", rule("\\d{4}", "1009")),
            Map.entry("IT", rule("\\d{5}", "00184")),
            Map.entry("ES", rule("\\d{5}", "28001")),
            Map.entry("GB", rule("(GIR 0AA|[A-Z]{1,2}\\d[A-Z\\d]? \\d[A-Z]{2})", "SW1A 1AA")),
            Map.entry("IE", rule("[A-Z]\\d[\\dW] [A-Z\\d]{4}", "D02 X285")),
            Map.entry("US", rule("\\d{5}(-\\d{4})?", "94105")),
            Map.entry("CA", rule("[A-Z]\\d[A-Z] \\d[A-Z]\\d", "K1A 0B1")));

    /** Countries whose letters need the region (state, province) on the city line. */
    private static final Set<String> REGION_REQUIRED = Set.of("US", "CA", "AU");
    /** Countries where a letter may go without a postal code (Ireland's Eircode is new; many countries have none). */
    private static final Set<String> CODE_OPTIONAL = Set.of("IE");

    private static Rule rule(String regex, String example) {
        return new Rule(Pattern.compile(regex), example);
    }

    /**
     * Checks the address (null is fine: no address), adding what is wrong under {@code field} ({@code
     * billingAddress.postalCode}), and returns it as stored, or null.
     */
    public static PostalAddress check(String field, PostalAddress a, Violations v) {
        if (a == null) {
            return null;
        }
        String country = a.country() == null ? null : a.country().trim().toUpperCase(Locale.ROOT);
        v.check(country != null && COUNTRIES.contains(country), field + ".country",
                "an ISO 3166-1 alpha-2 country code such as DE or GB");
        List<String> street = a.street() == null ? List.of() : a.street().stream()
                .map(l -> l == null ? "" : l.strip()).filter(l -> !l.isEmpty()).toList();
        v.check(!street.isEmpty(), field + ".street", "one to " + MAX_STREET_LINES + " lines, the first not blank");
        v.check(street.size() <= MAX_STREET_LINES, field + ".street", "at most " + MAX_STREET_LINES + " lines");
        for (int i = 0; i < street.size(); i++) {
            v.text(field + ".street[" + i + "]", street.get(i), MAX_LINE);
        }
        v.requiredText(field + ".city", a.city(), MAX_LINE)
                .text(field + ".recipient", a.recipient(), MAX_LINE)
                .text(field + ".region", a.region(), MAX_LINE);
        String code = code(country, a.postalCode());
        Rule rule = country == null ? null : CODES.get(country);
        if (code == null) {
            v.check(country == null || !CODES.containsKey(country) || CODE_OPTIONAL.contains(country),
                    field + ".postalCode", "required in " + country);
        } else if (rule != null) {
            v.check(rule.pattern().matcher(code).matches(), field + ".postalCode",
                    "a postal code of " + country + " such as " + rule.example());
        } else {
            v.check(code.length() <= 12 && code.matches("[A-Z0-9][A-Z0-9 -]*"), field + ".postalCode",
                    "at most 12 letters, digits, spaces and hyphens");
        }
        v.check(country == null || !REGION_REQUIRED.contains(country) || (a.region() != null
                && !a.region().isBlank()), field + ".region", "required in " + country + " (the state or province)");
        return new PostalAddress(blankToNull(a.recipient()), street, code, a.city() == null ? null : a.city().strip(),
                blankToNull(a.region()), country);
    }

    /** The postal code as stored: trimmed, in capitals, with the usual space of GB, IE, NL and CA codes. */
    static String code(String country, String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String c = given.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if ("LU".equals(country) && c.startsWith("L-")) {
            c = c.substring(2);
        }
        if (("GB".equals(country) || "CA".equals(country)) && !c.contains(" ") && c.length() > 3) {
            c = c.substring(0, c.length() - 3) + " " + c.substring(c.length() - 3); // the inward code: last three
        }
        if ("IE".equals(country) && c.matches("[A-Z0-9]{7}")) {
            c = c.substring(0, 3) + " " + c.substring(3); // routing key, then the unique identifier
        }
        if ("NL".equals(country) && c.matches("\\d{4}[A-Z]{2}")) {
            c = c.substring(0, 4) + " " + c.substring(4);
        }
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private PostalAddresses() {
    }
}
