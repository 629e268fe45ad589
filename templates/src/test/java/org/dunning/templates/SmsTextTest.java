package org.dunning.templates;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextTest {

    @Test
    void gsmTextFitsOneMessageUpTo160Characters() {
        assertThat(SmsText.of("a".repeat(160))).isEqualTo(new SmsText.Segments(SmsText.Encoding.GSM_7, 160, 1));
        assertThat(SmsText.of("a".repeat(161))).isEqualTo(new SmsText.Segments(SmsText.Encoding.GSM_7, 161, 2));
        assertThat(SmsText.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsText.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(SmsText.of("").segments()).isZero();
    }

    @Test
    void germanUmlautsAreGsmButTheEuroSignTakesTwoSeptets() {
        SmsText.Segments s = SmsText.of("Zahlung über 12,00 €");
        assertThat(s.encoding()).isEqualTo(SmsText.Encoding.GSM_7);
        assertThat(s.units()).isEqualTo(21);
        // 159 characters and a euro sign: 161 septets, two parts
        assertThat(SmsText.of("a".repeat(159) + "€").segments()).isEqualTo(2);
        // an escape pair is never split: 152 + € does not fit the first part of 153
        assertThat(SmsText.of("a".repeat(152) + "€" + "a".repeat(10)).segments()).isEqualTo(2);
    }

    @Test
    void anyOtherCharacterMakesItUcs2Of70And67() {
        assertThat(SmsText.of("Zaplaćte ".repeat(7) + "1234567")).isEqualTo(
                new SmsText.Segments(SmsText.Encoding.UCS_2, 70, 1));
        assertThat(SmsText.of("ć".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsText.of("ć".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsText.of("ć".repeat(135)).segments()).isEqualTo(3);
        // an emoji is two UTF-16 units and is not split between parts: 134 units take three parts, not two
        assertThat(SmsText.of("ć".repeat(66) + "😀" + "ć".repeat(66))).isEqualTo(
                new SmsText.Segments(SmsText.Encoding.UCS_2, 134, 3));
    }

    @Test
    void textTemplatesAreRenderedWithoutHtmlEscaping() {
        String text = TemplateRenderer.renderText("  {customer.name}: {invoice.number} über {invoice.outstanding}\n",
                TemplateRendererTest.one("de", null));
        assertThat(text).isEqualTo("Muster <GmbH>: R-1 über 1.234,56 €");
        assertThat(TemplateRenderer.checkText("{invoice.nope}")).isNotEmpty();
        assertThat(TemplateRenderer.checkText("{invoice.number}")).isEmpty();
    }
}
