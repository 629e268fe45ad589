package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.platform.domain.ValidationFailed;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Set;

/**
 * Checks a letterhead logo before it is kept (R2.4): a PNG that decodes, or an SVG that is well-formed XML with an
 * {@code svg} root and nothing active in it (no script, no foreign content, no event handler, no reference outside
 * itself; the letter renderer draws SVG with scripts and external resources off as well). At most {@value #MAX_BYTES}
 * bytes. Pure.
 */
public final class Logos {

    public static final int MAX_BYTES = 200 * 1024;
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> FORBIDDEN = Set.of("script", "foreignObject", "iframe", "embed", "object");

    public static PlanEvents.Logo check(String contentType, byte[] data) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!PNG.equals(type) && !SVG.equals(type)) {
            throw ValidationFailed.of("Content-Type", "image/png or image/svg+xml");
        }
        if (data == null || data.length == 0) {
            throw ValidationFailed.of("body", "the image is empty");
        }
        if (data.length > MAX_BYTES) {
            throw ValidationFailed.of("body", "at most " + MAX_BYTES / 1024 + " KB (this one is "
                    + (data.length + 1023) / 1024 + " KB)");
        }
        String problem = PNG.equals(type) ? png(data) : svg(data);
        if (problem != null) {
            throw ValidationFailed.of("body", problem);
        }
        return new PlanEvents.Logo(type, Base64.getEncoder().encodeToString(data));
    }

    private static String png(byte[] data) {
        if (data.length < PNG_SIGNATURE.length || !java.util.Arrays.equals(data, 0, PNG_SIGNATURE.length,
                PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return "not a PNG image";
        }
        try {
            var image = ImageIO.read(new ByteArrayInputStream(data));
            return image == null ? "not a PNG image" : image.getWidth() > 4000 || image.getHeight() > 4000
                    ? "at most 4000 × 4000 pixels" : null;
        } catch (Exception e) {
            return "the PNG image cannot be read";
        }
    }

    private static String svg(byte[] data) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(new ByteArrayInputStream(data));
        } catch (Exception e) {
            return "not a well-formed SVG document (no DOCTYPE allowed)";
        }
        Element root = doc.getDocumentElement();
        if (!"svg".equals(root.getLocalName())) {
            return "the root element must be svg";
        }
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (FORBIDDEN.contains(e.getLocalName())) {
                return "an SVG logo must not contain " + e.getLocalName();
            }
            var attributes = e.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                String name = attributes.item(a).getLocalName() == null ? attributes.item(a).getNodeName()
                        : attributes.item(a).getLocalName();
                String value = attributes.item(a).getNodeValue().trim();
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith("on")) {
                    return "an SVG logo must not contain event handlers (" + name + ")";
                }
                if ("href".equals(name) && !value.startsWith("#") && !value.startsWith("data:image/")) {
                    return "an SVG logo must not refer to anything outside itself (" + value + ")";
                }
            }
        }
        return null;
    }

    private Logos() {
    }
}
