package org.dunning.invoice.domain;

import org.dunning.platform.domain.ValidationFailed;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What an invoice document uploaded through REST may be (R8.1): a PDF or an XML e-invoice (XRechnung, UBL, CII), not
 * empty (its size is bounded by the service's request body limit); its bytes must be what its Content-Type says.
 */
public final class UploadedDocuments {

    public static final String PDF = "application/pdf";
    public static final String XML = "application/xml";
    public static final String TEXT_XML = "text/xml";
    static final Set<String> TYPES = Set.of(PDF, XML, TEXT_XML);

    /** The media type to store and serve it as; 422 naming {@code Content-Type} or {@code body} otherwise. */
    public static String check(String contentType, byte[] content) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw ValidationFailed.of("Content-Type", "application/pdf, application/xml or text/xml");
        }
        if (content == null || content.length == 0) {
            throw ValidationFailed.of("body", "the document's bytes are required");
        }
        if (type.equals(PDF) ? !startsWith(content, "%PDF-") : !looksLikeXml(content)) {
            throw ValidationFailed.of("body", type.equals(PDF) ? "not a PDF (it does not begin with %PDF-)"
                    : "not an XML document (it does not begin with <)");
        }
        return type;
    }

    private static boolean startsWith(byte[] content, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (content.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (content[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** An XML document begins, after an optional UTF-8 byte order mark and white space, with {@code <}. */
    private static boolean looksLikeXml(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }

    private UploadedDocuments() {
    }
}
