package org.dunning.notification.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of attaching invoice documents (R8.1), without I/O: which answers of a document's server are worth
 * another try, what the attachment is called and what it is. An e-mail that should carry a document is sent with it
 * or not at all: a failure that another try may mend (no connection, a timeout, a 5xx, 408, 429) is retried like an
 * SMTP failure, and so is an invoice without a document yet (its link may still be on its way from the ERP); one
 * that another try cannot mend (4xx, too large, not http(s)) fails the e-mail at once.
 */
public final class Attachments {

    /** Why a document cannot be attached now; {@code permanent}: retrying cannot help. */
    public static final class Unavailable extends RuntimeException {
        private final boolean permanent;

        public Unavailable(String reason, boolean permanent) {
            super(reason, null, false, false);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    private static final Map<String, String> EXTENSIONS = Map.of(
            "application/pdf", ".pdf",
            "application/xml", ".xml",
            "text/xml", ".xml",
            "image/png", ".png",
            "image/jpeg", ".jpg",
            "text/html", ".html",
            "text/plain", ".txt");

    /** The invoice has no document (yet): retried, as its link may still be on its way. */
    public static Unavailable notLinked(String number) {
        return new Unavailable("invoice " + number + " has no document to attach (link one with PUT "
                + "/invoices/{id}/document or upload it to PUT /invoices/{id}/document/file)", false);
    }

    /** A document URL this service fetches: absolute http or https; anything else fails for good. */
    public static URI location(String number, String url) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Unavailable("the document of invoice " + number + " is not an http(s) URL: " + url, true);
    }

    /** The answer of the document's server, when it is not a document: {@code empty} for a 2xx answer. */
    public static Optional<Unavailable> status(String number, int status) {
        if (status >= 200 && status < 300) {
            return Optional.empty();
        }
        boolean transientStatus = status >= 500 || status == 408 || status == 429;
        return Optional.of(new Unavailable("the document of invoice " + number + " could not be fetched: HTTP "
                + status, !transientStatus));
    }

    /** A document beyond the limit (declared or counted): too large for an e-mail, for good. */
    public static Unavailable tooLarge(String number, long maxBytes) {
        return new Unavailable("the document of invoice " + number + " is larger than " + maxBytes
                + " bytes, too large to attach", true);
    }

    /** Documents that are each within the limit but together too large for one e-mail. */
    public static Unavailable tooLargeTogether(long total, long maxBytes) {
        return new Unavailable("the invoice documents together have " + total + " bytes, more than the "
                + maxBytes + " one e-mail carries", true);
    }

    /** A failure to reach the server (connection, timeout): another try may do. */
    public static Unavailable unreachable(String number, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Unavailable("the document of invoice " + number + " could not be fetched: " + why, false);
    }

    /** The media type of a Content-Type header, without parameters; unknown without one. */
    public static String contentType(String header) {
        if (header == null || header.isBlank()) {
            return "application/octet-stream";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The attachment's file name: the invoice number (what the customer looks for), made safe for a file name, with
     * the extension of its media type, else of the URL's last segment.
     */
    public static String fileName(String number, String contentType, String url) {
        String base = number.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (base.isEmpty()) {
            base = "invoice";
        }
        String extension = EXTENSIONS.get(contentType);
        if (extension == null) {
            String path = Optional.ofNullable(URI.create(url.trim()).getPath()).orElse("");
            String last = path.substring(path.lastIndexOf('/') + 1);
            int dot = last.lastIndexOf('.');
            extension = dot > 0 ? last.substring(dot).toLowerCase(Locale.ROOT) : "";
            if (!extension.matches("\\.[a-z0-9]{1,5}")) {
                extension = "";
            }
        }
        return base.toLowerCase(Locale.ROOT).endsWith(extension) ? base : base + extension;
    }

    private Attachments() {
    }
}
