package org.dunning.plan.domain;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.templates.LateCharges;
import org.dunning.templates.LetterLayout;
import org.dunning.templates.MessageData;
import org.dunning.templates.TemplateRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each starter-kit letter (R2.4), in German and English, for one invoice and for a customer's many, printed for a
 * German, a British and an American customer: read back from the PDF, the recipient's address lies inside the window
 * of the envelope, the letter names what a person needs to pay it, and a long table goes on over pages with its
 * header and whole rows. The PDFs and first-page pictures are left in {@code target/letters} to look at.
 */
class StarterKitLettersTest {

    static final LocalDate TODAY = LocalDate.of(2027, 3, 1);
    static final PlanEvents.Letterhead HEAD = new PlanEvents.Letterhead("Acme Software GmbH",
            new PostalAddress(null, List.of("Friedrichstraße 123"), "10117", "Berlin", null, "DE"),
            "Telefon +49 30 1234567 · buchhaltung@acme.example", "Amtsgericht Charlottenburg HRB 123456 B",
            "DE123456789", new PlanEvents.BankAccount(null, "DE89370400440532013000", "COBADEFFXXX", "Commerzbank"),
            null);

    static PostalAddress address(String country) {
        return switch (country) {
            case "DE" -> new PostalAddress("Buchhaltung", List.of("Musterweg 5"), "80331", "München", null, "DE");
            case "GB" -> new PostalAddress("Accounts Payable", List.of("10 Downing Street"), "SW1A 2AA", "London",
                    null, "GB");
            case "AT" -> new PostalAddress("z. Hd. Frau Dr. Berger, Finanzbuchhaltung",
                    List.of("Wirtschaftspark Süd", "Gebäude C, 3. Stock", "Industriestraße 1"), "1100", "Wien", null,
                    "AT");
            default -> new PostalAddress(null, List.of("1 Market Street", "Suite 300"), "94105", "San Francisco",
                    "CA", "US");
        };
    }

    static PlanEvents.TemplateVariant letter(String language) {
        return StarterKit.templates().stream().filter(t -> t.key().equals("final-letter")).findFirst().orElseThrow()
                .variants().stream().filter(v -> v.language().equals(language)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({"de,DE,1", "de,DE,60", "en,GB,1", "en,GB,60", "en,US,1", "en,US,60", "de,GB,1", "de,AT,1"})
    void theAddressLiesInTheWindowAndTheLetterSaysHowToPay(String language, String country, int invoices)
            throws Exception {
        List<MessageData.InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            lines.add(new MessageData.InvoiceLine("RE-" + (1000 + i), TODAY.minusDays(75), TODAY.minusDays(45), null,
                    "EUR", new BigDecimal("1190.00"), new BigDecimal("590.00"), 45));
        }
        MessageData data = new MessageData(language, new MessageData.Customer("Muster GmbH", "K-10042",
                address(country)), null, lines, List.of(), new LateCharges.Settings(true, new BigDecimal("40.00"),
                new BigDecimal("12.15")), new MessageData.Sender("Acme", "Erika Beispiel\nForderungsmanagement", HEAD),
                TODAY);
        PlanEvents.TemplateVariant v = letter(language);
        assertThat(TemplateRenderer.check(v.subject(), v.body())).isEmpty();
        LetterLayout.Printed printed = LetterLayout.print(TemplateRenderer.render(v.subject(), v.body(), data), data);
        Path out = Path.of("target", "letters");
        Files.createDirectories(out);
        String name = "final-letter-" + language + "-" + country + "-" + invoices;
        Files.write(out.resolve(name + ".pdf"), printed.pdf());
        Files.write(out.resolve(name + ".png"), LetterLayout.firstPagePng(printed.pdf(), 72));

        LetterLayout.Format format = printed.format();
        assertThat(format).isEqualTo(country.equals("US") ? LetterLayout.Format.US_LETTER
                : LetterLayout.Format.DIN_5008_B);
        try (PDDocument pdf = Loader.loadPDF(printed.pdf())) {
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isCloseTo((float) mm(format.width),
                    org.assertj.core.data.Offset.offset(1f));
            String window = area(pdf, 0, format.window);
            List<String> expected = new ArrayList<>(List.of("Muster GmbH"));
            expected.addAll(switch (country) {
                case "DE" -> List.of("Buchhaltung", "Musterweg 5", "80331 München");
                case "AT" -> List.of("z. Hd. Frau Dr. Berger, Finanzbuchhaltung", "Wirtschaftspark Süd",
                        "Gebäude C, 3. Stock", "Industriestraße 1", "1100 Wien", "ÖSTERREICH");
                case "GB" -> List.of("Accounts Payable", "10 Downing Street", "LONDON", "SW1A 2AA",
                        language.equals("de") ? "VEREINIGTES KÖNIGREICH" : "UNITED KINGDOM");
                default -> List.of("1 Market Street", "Suite 300", "San Francisco CA 94105", "UNITED STATES");
            });
            assertThat(window.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                    .as("what the window shows").containsSubsequence(expected);
            assertThat(window).as("nothing of the letter's body shows through the window")
                    .doesNotContain("RE-1000").doesNotContain(v.subject());
            if (format == LetterLayout.Format.DIN_5008_B) {
                assertThat(window).as("the return line, whole").contains("Acme Software GmbH · Friedrichstraße 123 · "
                        + "10117 Berlin" + (country.equals("DE") ? "" : language.equals("de") ? " · DEUTSCHLAND"
                        : " · GERMANY"));
            }
            assertThat(area(pdf, 0, new LetterLayout.Area(0, 0, format.width, 40))).contains("Acme Software GmbH");

            String all = new PDFTextStripper().getText(pdf);
            assertThat(all).contains(v.subject(), date(language),
                    "K-10042", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "Amtsgericht Charlottenburg HRB 123456",
                    "DE123456789", "Erika Beispiel", "Forderungsmanagement");
            assertThat(all).contains(invoices == 1 ? "RE-1000" : "K-10042"); // the pay reference
            assertThat(printed.pages()).isEqualTo(pdf.getNumberOfPages());
            if (invoices > 1) {
                assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
                String header = language.equals("de") ? "Rechnung" : "Invoice";
                for (int page = 1; page < pdf.getNumberOfPages(); page++) {
                    String text = page(pdf, page);
                    if (text.contains("RE-10")) {
                        assertThat(text).as("the table's header on page " + (page + 1)).contains(header);
                    }
                }
                for (int i = 0; i < invoices; i++) {
                    String number = "RE-" + (1000 + i);
                    int pages = 0;
                    for (int page = 0; page < pdf.getNumberOfPages(); page++) {
                        for (String line : page(pdf, page).lines().toList()) {
                            if (line.contains(number)) {
                                pages++;
                                assertThat(line).as("the row of " + number + " is whole").contains("590");
                            }
                        }
                    }
                    assertThat(pages).as(number + " is printed once").isEqualTo(1);
                }
            }
        }
    }

    static String date(String language) {
        return language.equals("de") ? "01.03.2027" : "Mar 1, 2027";
    }

    static String page(PDDocument pdf, int page) throws Exception {
        PDFTextStripper s = new PDFTextStripper();
        s.setStartPage(page + 1);
        s.setEndPage(page + 1);
        return s.getText(pdf);
    }

    static String area(PDDocument pdf, int page, LetterLayout.Area a) throws Exception {
        PDFTextStripperByArea s = new PDFTextStripperByArea();
        s.setSortByPosition(true);
        s.addRegion("a", new Rectangle2D.Double(mm(a.left()), mm(a.top()), mm(a.width()), mm(a.height())));
        s.extractRegions(pdf.getPage(page));
        return s.getTextForRegion("a");
    }

    static double mm(double mm) {
        return mm * 72 / 25.4;
    }
}
