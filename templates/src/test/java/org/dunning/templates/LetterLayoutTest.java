package org.dunning.templates;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The letter's frame draws the letterhead's logo, PNG or SVG, at the top right of the first page. */
class LetterLayoutTest {

    static final LocalDate TODAY = LocalDate.of(2027, 3, 1);

    static BufferedImage firstPage(PlanEvents.Logo logo) throws Exception {
        PlanEvents.Letterhead head = new PlanEvents.Letterhead("Acme GmbH", null, null, null, null, null, logo);
        MessageData data = new MessageData("de", new MessageData.Customer("Berg GmbH", "K-1",
                new PostalAddress(null, List.of("Hauptstraße 1"), "10115", "Berlin", null, "DE")), null,
                List.of(new MessageData.InvoiceLine("RE-1", TODAY.minusDays(40), TODAY.minusDays(10), null, "EUR",
                        BigDecimal.TEN, BigDecimal.TEN, 10)), List.of(), null,
                new MessageData.Sender("Acme", null, head), TODAY);
        LetterLayout.Printed printed = LetterLayout.print(new TemplateRenderer.Rendered("Mahnung", "<p>Text</p>"),
                data);
        return ImageIO.read(new ByteArrayInputStream(LetterLayout.firstPagePng(printed.pdf(), 72)));
    }

    /** How many pixels of the top 45 mm are (nearly) pure red. */
    static int redPixels(BufferedImage page) {
        int red = 0;
        int top = (int) Math.round(45 / 25.4 * 72);
        for (int y = 0; y < top; y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                Color c = new Color(page.getRGB(x, y));
                if (c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60) {
                    red++;
                }
            }
        }
        return red;
    }

    @Test
    void anSvgLogoIsDrawn() throws Exception {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">"
                + "<rect width=\"120\" height=\"40\" fill=\"#ff0000\"/></svg>";
        assertThat(redPixels(firstPage(null))).isZero();
        assertThat(redPixels(firstPage(new PlanEvents.Logo("image/svg+xml",
                Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)))))).isGreaterThan(200);
    }

    @Test
    void aPngLogoIsDrawn() throws Exception {
        BufferedImage image = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 120, 40);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        assertThat(redPixels(firstPage(new PlanEvents.Logo("image/png",
                Base64.getEncoder().encodeToString(png.toByteArray()))))).isGreaterThan(200);
    }
}
