package org.dunning.templates;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import org.apache.pdfbox.Loader;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lays a letter out for a window envelope and prints it to PDF (openhtmltopdf, PDFBox underneath). The template gives
 * the subject and the body; the frame around them comes from the data: the letterhead, the return line and the
 * recipient's address where the envelope's window shows it, the information block (date, customer number, reference),
 * and on every page a footer with the sender's registration and bank details. Tables keep
 * their rows whole across pages and repeat their header row. Pure: no framework.
 *
 * <p>Two page formats: {@link Format#DIN_5008_B} (A4, DIN 5008 form B: the address field 20 mm from the left and
 * 45 mm from the top, 85 × 45 mm, as a DIN lang (DL) or C6/5 window envelope shows it; the layout of German letters
 * and of A4 countries) and {@link Format#US_LETTER} (8½ × 11 in folded in three for a No. 10 window envelope: the
 * window 4½ × 1⅛ in, ⅞ in from the left; for the United States and Canada).
 */
public final class LetterLayout {

    /** A rectangle on the page, in millimetres from the top-left corner. */
    public record Area(double left, double top, double width, double height) {
    }

    /** A page format and where its envelope's window lies. */
    public enum Format {
        DIN_5008_B("A4", 210, 297, 25, 20, new Area(20, 45, 85, 45), new Area(25, 62.7, 75, 27.3),
                new Area(125, 50, 65, 40), 98.5),
        US_LETTER("letter", 215.9, 279.4, 25.4, 19, new Area(22.2, 60.3, 114.3, 28.6), new Area(25.4, 63.5, 105, 24),
                new Area(142, 63.5, 54.9, 30), 99);

        /** The CSS page size. */
        final String size;
        public final double width;
        public final double height;
        final double marginLeft;
        final double marginRight;
        /** The window of the envelope, seen on the page. */
        public final Area window;
        /** Where the recipient's lines are printed (inside the window with room to slide). */
        public final Area recipient;
        final Area info;
        /** Where the subject line begins on the first page. */
        final double bodyTop;

        Format(String size, double width, double height, double marginLeft, double marginRight, Area window,
               Area recipient, Area info, double bodyTop) {
            this.size = size;
            this.width = width;
            this.height = height;
            this.marginLeft = marginLeft;
            this.marginRight = marginRight;
            this.window = window;
            this.recipient = recipient;
            this.info = info;
            this.bodyTop = bodyTop;
        }

        /** US Letter for the United States and Canada, A4 with the DIN 5008 geometry everywhere else. */
        public static Format forCountry(String country) {
            return country != null && LETTER_COUNTRIES.contains(country.toUpperCase(Locale.ROOT)) ? US_LETTER
                    : DIN_5008_B;
        }
    }

    private static final Set<String> LETTER_COUNTRIES = Set.of("US", "CA");
    /** The recipient lines that fit the address field at 10 pt (27.3 mm of 4.2 mm lines), more are set at 8.5 pt. */
    private static final int MAX_LINES_AT_10PT = 6;
    /** The characters of a return line that fit the address field's width at 7 pt. */
    private static final int RETURN_LINE_AT_7PT = 46;
    private static final PlanEvents.Letterhead NO_LETTERHEAD = new PlanEvents.Letterhead(null, null, null, null, null,
            null, null);

    /** A printed letter: its HTML (what was printed), the PDF, its page count and the format it was laid out in. */
    public record Printed(String html, byte[] pdf, int pages, Format format) {
    }

    /** The words of the frame in the letter's language. */
    private record Words(String date, String customerNumber, String reference, String page, String of, String vatId,
                         String accountHolder) {
    }

    private static final Words DE = new Words("Datum", "Kundennummer", "Unser Zeichen", "Seite", "von", "USt-IdNr.",
            "Kontoinhaber");
    private static final Words EN = new Words("Date", "Customer number", "Our reference", "Page", "of", "VAT ID",
            "Account holder");

    /**
     * Lays out the rendered subject and body for the data's customer (its address picks the format) and prints it;
     * the information block names the pay reference ({@link MessageModel#payReference}) as our reference.
     */
    public static Printed print(TemplateRenderer.Rendered rendered, MessageData data) {
        String reference = MessageModel.payReference(data);
        PostalAddress to = data.customer() == null ? null : data.customer().address();
        Format format = Format.forCountry(to == null ? null : to.country());
        String html = html(rendered, data, reference, format);
        byte[] pdf = pdf(html);
        return new Printed(html, pdf, pages(pdf), format);
    }

    static String html(TemplateRenderer.Rendered rendered, MessageData data, String reference, Format f) {
        if (reference != null && reference.isBlank()) {
            reference = null;
        }
        String language = data.language() == null ? "en" : data.language();
        Words w = "de".equals(language) ? DE : EN;
        Formats formats = Formats.forLanguage(language);
        PlanEvents.Letterhead head = data.tenant() == null || data.tenant().letterhead() == null
                ? NO_LETTERHEAD : data.tenant().letterhead();
        String senderName = first(head.legalName(), data.tenant() == null ? null : data.tenant().name());
        String fromCountry = head.address() == null ? null : head.address().country();
        PostalAddress to = data.customer() == null ? null : data.customer().address();
        StringBuilder b = new StringBuilder(4096);
        b.append("<html lang=\"").append(esc(language)).append("\"><head><meta charset=\"utf-8\"/><title>")
                .append(esc(rendered.subject())).append("</title><style>").append(style(f)).append("</style></head><body>");
        footer(b, head, senderName, w);
        // the first page's frame (the page's top margin is 0 there): its parts placed from the page's top edge
        b.append("<div class=\"frame\">");
        b.append("<div class=\"head\" style=\"").append(box(f, new Area(f.marginLeft, 12, f.width - f.marginLeft
                - f.marginRight, 28))).append("\">");
        if (head.logo() != null && head.logo().data() != null) {
            b.append("<img class=\"logo\" src=\"data:").append(esc(head.logo().contentType())).append(";base64,")
                    .append(esc(head.logo().data())).append("\"/>");
        }
        b.append("<div class=\"sender\">").append(esc(senderName)).append("</div></div>");
        if (f == Format.DIN_5008_B && senderName != null) {
            // the return line, in the window above the recipient (DIN 5008's "Rücksendeangabe")
            List<String> back = new ArrayList<>();
            back.add(senderName);
            back.addAll(AddressLines.of(head.address(), language, to == null ? null : to.country()));
            String line = String.join(" · ", back);
            // about 46 characters fit the field's width at 7 pt; a longer line is set smaller (down to 5 pt) rather
            // than cut
            b.append("<div class=\"returnline\" style=\"").append(box(f, new Area(f.recipient.left(),
                    f.recipient.top() - 6, f.recipient.width(), 5))).append(line.length() > RETURN_LINE_AT_7PT
                    ? String.format(Locale.ROOT, " font-size: %.1fpt;", Math.max(5.0, 7.0 * RETURN_LINE_AT_7PT
                    / line.length())) : "").append("\">").append(esc(line)).append("</div>");
        }
        MessageData.Customer customer = data.customer();
        List<String> recipient = new ArrayList<>();
        if (customer != null && customer.name() != null) {
            recipient.add(customer.name());
        }
        recipient.addAll(AddressLines.of(customer == null ? null : customer.address(), language, fromCountry));
        // seven lines at 10 pt would pass the bottom of the address field: a long address is set smaller
        b.append("<div class=\"recipient").append(recipient.size() > MAX_LINES_AT_10PT ? " long" : "")
                .append("\" style=\"").append(box(f, f.recipient)).append("\">");
        recipient.forEach(l -> b.append("<div>").append(esc(l)).append("</div>"));
        b.append("</div>");
        b.append("<table class=\"info\" style=\"").append(box(f, new Area(f.info.left(), f.info.top(), f.info.width(), 0)))
                .append("\">");
        info(b, w.date(), data.today() == null ? null : formats.date(data.today()));
        info(b, w.customerNumber(), customer == null ? null : customer.reference());
        info(b, w.reference(), reference);
        b.append("</table></div>");
        b.append("<div class=\"letter\"><h1 class=\"subject\">").append(esc(rendered.subject())).append("</h1>")
                .append(rendered.html()).append("</div></body></html>");
        return b.toString();
    }

    private static void footer(StringBuilder b, PlanEvents.Letterhead head, String senderName, Words w) {
        List<String> left = new ArrayList<>();
        add(left, senderName);
        if (head.address() != null) {
            left.add(AddressLines.oneLine(head.address(), "en", head.address().country()));
        }
        add(left, head.contactLine());
        List<String> middle = new ArrayList<>();
        add(middle, head.registration());
        if (head.vatId() != null) {
            middle.add(w.vatId() + " " + head.vatId());
        }
        List<String> right = new ArrayList<>();
        PlanEvents.BankAccount bank = head.bank();
        if (bank != null) {
            add(right, bank.bankName());
            if (bank.iban() != null) {
                right.add("IBAN " + groups(bank.iban()));
            }
            if (bank.bic() != null) {
                right.add("BIC " + bank.bic());
            }
            if (bank.accountHolder() != null && !bank.accountHolder().equals(senderName)) {
                right.add(w.accountHolder() + " " + bank.accountHolder());
            }
        }
        b.append("<div class=\"footer\"><table><tr>");
        for (List<String> column : List.of(left, middle, right)) {
            b.append("<td>");
            column.forEach(l -> b.append(esc(l)).append("<br/>"));
            b.append("</td>");
        }
        b.append("</tr></table></div>");
        b.append("<div class=\"pageno\">").append(w.page()).append(" <span class=\"n\"></span> ").append(w.of())
                .append(" <span class=\"total\"></span></div>");
    }

    /** An IBAN in groups of four, as it is printed: {@code DE89 3704 0044 0532 0130 00}. */
    public static String groups(String iban) {
        String plain = iban.replace(" ", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < plain.length(); i += 4) {
            out.append(i == 0 ? "" : " ").append(plain, i, Math.min(plain.length(), i + 4));
        }
        return out.toString();
    }

    private static void info(StringBuilder b, String label, String value) {
        if (value != null && !value.isBlank()) {
            b.append("<tr><td class=\"label\">").append(esc(label)).append("</td><td>").append(esc(value))
                    .append("</td></tr>");
        }
    }

    /** An area of the page as CSS for a child of the frame (whose origin is the page's top edge at the left
     * margin). */
    private static String box(Format f, Area a) {
        return String.format(Locale.ROOT, "left: %.1fmm; top: %.1fmm; width: %.1fmm;%s", a.left() - f.marginLeft,
                a.top(), a.width(), a.height() > 0 ? String.format(Locale.ROOT, " height: %.1fmm;", a.height()) : "");
    }

    private static String style(Format f) {
        return String.format(Locale.ROOT, "@page { size: %s; margin: 20mm %.1fmm 28mm %.1fmm; "
                        + "@bottom-left { content: element(footer); vertical-align: top; padding-top: 4mm; } "
                        + "@top-right { content: element(pageno); vertical-align: bottom; } } "
                        + "@page :first { margin-top: 0; @top-right { content: none; } } "
                        + ".frame { position: relative; height: %.1fmm; } "
                        + ".frame > div, .frame > table { position: absolute; } "
                        + ".head .sender { font-size: 15pt; font-weight: bold; } "
                        + ".head .logo { float: right; max-height: 22mm; max-width: 60mm; } "
                        + ".returnline { font-size: 7pt; text-decoration: underline; white-space: nowrap; "
                        + "overflow: hidden; } "
                        + ".recipient { font-size: 10pt; line-height: 1.2; } "
                        + ".recipient.long { font-size: 8.5pt; } "
                        + ".info { font-size: 8.5pt; border-collapse: collapse; } "
                        + ".info td { padding: 0 2mm 0.6mm 0; border: none; vertical-align: top; "
                        + "word-wrap: break-word; } "
                        + ".info td.label { color: #444; white-space: nowrap; } "
                        + ".footer { position: running(footer); font-size: 7pt; color: #333; width: 100%%; } "
                        + ".footer table { width: 100%%; border-collapse: collapse; margin: 0; } "
                        + ".footer td { border: none; border-top: 0.3pt solid #888; padding: 1.5mm 2mm 0 0; "
                        + "vertical-align: top; width: 33%%; } "
                        + ".pageno { position: running(pageno); font-size: 8pt; text-align: right; } "
                        + ".pageno .n::after { content: counter(page); } "
                        + ".pageno .total::after { content: counter(pages); } "
                        + "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.35; margin: 0; } "
                        + "h1.subject { font-size: 11pt; font-weight: bold; margin: 0 0 8mm 0; } "
                        + "h1, h2 { font-size: 11pt; } "
                        + ".letter table { border-collapse: collapse; width: 100%%; margin: 8pt 0; "
                        + "-fs-table-paginate: paginate; } "
                        + ".letter tr { page-break-inside: avoid; } "
                        + ".letter th, .letter td { border-bottom: 0.5pt solid #888; padding: 3pt 4pt; "
                        + "text-align: left; } "
                        + ".letter .num { text-align: right; white-space: nowrap; } "
                        + ".letter table.pay { width: auto; margin: 4mm 0; } "
                        + ".letter table.pay td { border: none; padding: 0.5mm 6mm 0.5mm 0; } "
                        + ".letter .signature { white-space: pre-line; }",
                f.size, f.marginRight, f.marginLeft, f.bodyTop);
    }

    /** Prints HTML (any HTML: jsoup makes it a well-formed document first) to PDF; SVG images drawn by Batik with
     * neither scripts nor external resources. */
    public static byte[] pdf(String html) {
        Document doc = Jsoup.parse(html);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder().useFastMode();
            builder.useFont(() -> LetterLayout.class.getResourceAsStream("fonts/DejaVuSans.ttf"), "DejaVu Sans", 400,
                    BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(() -> LetterLayout.class.getResourceAsStream("fonts/DejaVuSans-Bold.ttf"), "DejaVu Sans",
                    700, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder
                    .useSVGDrawer(new BatikSVGDrawer(BatikSVGDrawer.SvgScriptMode.SECURE,
                            BatikSVGDrawer.SvgExternalResourceMode.SECURE))
                    .withW3cDocument(new W3CDom().fromJsoup(doc), "/").toStream(out).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static int pages(byte[] pdf) {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first page as a PNG image at {@code dpi} dots per inch. */
    public static byte[] firstPagePng(byte[] pdf, int dpi) {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            BufferedImage image = new PDFRenderer(d).renderImageWithDPI(0, dpi, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(List<String> lines, String s) {
        if (s != null && !s.isBlank()) {
            lines.add(s);
        }
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String esc(String s) {
        return s == null ? "" : Entities.escape(s);
    }

    private LetterLayout() {
    }
}
