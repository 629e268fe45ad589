package org.dunning.notification.domain;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.templates.TemplateRenderer;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A letter (R2.4): the step's letter template rendered like an e-mail (one invoice, or the table of a grouped
 * step), laid out on A4 and printed to PDF by openhtmltopdf (PDFBox underneath). Pure: no framework.
 */
public final class Letters {

    public record Letter(String language, String title, String html, byte[] pdf, int pages) {
    }

    private static final String STYLE = "@page { size: A4; margin: 25mm 20mm 20mm 25mm; } "
            + "body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; } "
            + "table { border-collapse: collapse; width: 100%; margin: 8pt 0; } "
            + "th, td { border-bottom: 0.5pt solid #888; padding: 3pt 4pt; text-align: left; } "
            + "h1, h2 { font-size: 13pt; }";

    public static Letter compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                 PlanEvents.TenantSettingsChanged settings) {
        PlanEvents.TemplateVariant v = EmailComposer.variant(variants, due.customer().language());
        String language = v.language();
        TemplateRenderer.Rendered r = TemplateRenderer.render(v.subject(), v.body(),
                EmailComposer.data(language, due, due.invoices(), null, settings));
        String html = "<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"/><title>"
                + Entities.escape(r.subject()) + "</title><style>" + STYLE + "</style></head><body>" + r.html()
                + "</body></html>";
        byte[] pdf = pdf(html);
        return new Letter(language, r.subject(), html, pdf, pages(pdf));
    }

    /** Prints HTML (any HTML: jsoup makes it a well-formed document first) to PDF. */
    static byte[] pdf(String html) {
        Document doc = Jsoup.parse(html);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PdfRendererBuilder().useFastMode().withW3cDocument(new W3CDom().fromJsoup(doc), "/")
                    .toStream(out).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static int pages(byte[] pdf) {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Letters() {
    }
}
