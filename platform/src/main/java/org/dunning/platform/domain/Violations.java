package org.dunning.platform.domain;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a command before refusing it, so a caller learns all of them at once. */
public final class Violations {
    private final List<ValidationFailed.Violation> list = new ArrayList<>();

    public Violations check(boolean ok, String field, String message) {
        if (!ok) {
            list.add(new ValidationFailed.Violation(field, message));
        }
        return this;
    }

    /** The longest text a one-line field (a name, a number, a reference) takes. */
    public static final int LINE = 200;
    /** The longest text a note or reason takes. */
    public static final int NOTE = 2000;
    /** The first and last year a business date may fall in. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2999;

    /** An optional one-line text: at most {@code max} characters, no control characters. */
    public Violations text(String field, String value, int max) {
        return check(value == null || value.length() <= max, field, "at most " + max + " characters")
                .check(value == null || value.length() > max || clean(value, false), field,
                        "must not contain control characters");
    }

    /** A one-line text that must be there: not blank, at most {@code max} characters, no control characters. */
    public Violations requiredText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return check(false, field, "required");
        }
        return text(field, value, max);
    }

    /** An optional text of several lines (a note, a reason): at most {@code max} characters, no control characters
     * but line breaks and tabs. */
    public Violations note(String field, String value, int max) {
        return check(value == null || value.length() <= max, field, "at most " + max + " characters")
                .check(value == null || value.length() > max || clean(value, true), field,
                        "must not contain control characters");
    }

    /** An optional business date in the years {@value #FIRST_YEAR} to {@value #LAST_YEAR}. */
    public Violations date(String field, java.time.LocalDate value) {
        return check(value == null || (value.getYear() >= FIRST_YEAR && value.getYear() <= LAST_YEAR), field,
                "a date between " + FIRST_YEAR + " and " + LAST_YEAR);
    }

    private static boolean clean(String s, boolean lines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(lines && (c == '\n' || c == '\r' || c == '\t'))) {
                return false;
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(++i)))) {
                return false; // half of a surrogate pair: not text
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationFailed(list);
        }
    }
}
