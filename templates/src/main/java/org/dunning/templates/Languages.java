package org.dunning.templates;

import java.util.List;

/** Which language variant of a template a message uses: the customer's, else English, else the first one there is. */
public final class Languages {

    public static final String FALLBACK = "en";

    public static String choose(List<String> available, String wanted) {
        if (available.isEmpty()) {
            throw new IllegalArgumentException("a template without any language");
        }
        if (wanted != null && available.contains(wanted)) {
            return wanted;
        }
        return available.contains(FALLBACK) ? FALLBACK : available.get(0);
    }

    private Languages() {
    }
}
