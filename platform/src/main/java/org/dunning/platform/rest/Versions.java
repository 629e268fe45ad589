package org.dunning.platform.rest;

import org.dunning.platform.domain.ValidationFailed;

/** ETags are the stream version in quotes ({@code "3"}); If-Match must name one (or be absent). */
public final class Versions {

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match header names, or null when there is none (or it is {@code *}). */
    public static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ValidationFailed.of("If-Match", "an ETag of this resource, e.g. \"3\"");
        }
    }

    private Versions() {
    }
}
