package org.dunning.templates;

/**
 * How a text message is sent (R8.2): in the GSM 03.38 alphabet when every character has a place in it (7 bits a
 * character, those of the extension table two), else in UCS-2 (16 bits a code unit); a single message holds 160
 * GSM characters or 70 UCS-2 units, a longer one is cut into parts of 153 or 67 (the rest of each part is the header
 * that joins them), and a character is never split between two parts.
 */
public final class SmsText {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    public enum Encoding { GSM_7, UCS_2 }

    /** The encoding, the length in its units (septets or UTF-16 code units) and the parts it takes (0 when empty). */
    public record Segments(Encoding encoding, int units, int segments) {
    }

    public static Segments of(String text) {
        boolean gsm = text.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
        int[] widths = gsm
                ? text.chars().map(c -> EXTENSION.indexOf(c) >= 0 ? 2 : 1).toArray()
                : text.codePoints().map(Character::charCount).toArray();
        int units = java.util.Arrays.stream(widths).sum();
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        if (units == 0) {
            return new Segments(gsm ? Encoding.GSM_7 : Encoding.UCS_2, 0, 0);
        }
        if (units <= single) {
            return new Segments(gsm ? Encoding.GSM_7 : Encoding.UCS_2, units, 1);
        }
        int segments = 1;
        int used = 0;
        for (int w : widths) {
            if (used + w > part) {
                segments++;
                used = 0;
            }
            used += w;
        }
        return new Segments(gsm ? Encoding.GSM_7 : Encoding.UCS_2, units, segments);
    }

    private SmsText() {
    }
}
