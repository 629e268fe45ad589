package org.dunning.notification.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R8.1 without I/O: which failures of a document's server are retried, and what the attachment is called. */
class AttachmentsRulesTest {

    @Test
    void onlyWhatAnotherTryMayMendIsRetried() {
        assertThat(Attachments.status("A-1", 200)).isEmpty();
        assertThat(Attachments.status("A-1", 503).orElseThrow().permanent()).isFalse();
        assertThat(Attachments.status("A-1", 500).orElseThrow().permanent()).isFalse();
        assertThat(Attachments.status("A-1", 429).orElseThrow().permanent()).isFalse();
        assertThat(Attachments.status("A-1", 408).orElseThrow().permanent()).isFalse();
        assertThat(Attachments.status("A-1", 404).orElseThrow()).satisfies(u -> {
            assertThat(u.permanent()).isTrue();
            assertThat(u.getMessage()).isEqualTo("the document of invoice A-1 could not be fetched: HTTP 404");
        });
        assertThat(Attachments.status("A-1", 403).orElseThrow().permanent()).isTrue();
        assertThat(Attachments.status("A-1", 302).orElseThrow().permanent()).isTrue();
        assertThat(Attachments.notLinked("A-1").permanent()).isFalse(); // its link may still be on its way
        assertThat(Attachments.tooLarge("A-1", 10).permanent()).isTrue();
        assertThat(Attachments.tooLargeTogether(30, 20).getMessage())
                .isEqualTo("the invoice documents together have 30 bytes, more than the 20 one e-mail carries");
        assertThat(Attachments.unreachable("A-1", new java.net.ConnectException()).getMessage())
                .isEqualTo("the document of invoice A-1 could not be fetched: ConnectException");
        assertThat(Attachments.unreachable("A-1", new java.net.ConnectException()).permanent()).isFalse();
    }

    @Test
    void onlyHttpUrlsAreFetched() {
        assertThat(Attachments.location("A-1", " https://erp.example/docs/1.pdf ").getHost()).isEqualTo("erp.example");
        assertThatThrownBy(() -> Attachments.location("A-1", "file:///etc/passwd"))
                .isInstanceOf(Attachments.Unavailable.class)
                .hasMessage("the document of invoice A-1 is not an http(s) URL: file:///etc/passwd");
        assertThatThrownBy(() -> Attachments.location("A-1", "not a url")).isInstanceOf(Attachments.Unavailable.class);
    }

    @Test
    void theAttachmentIsNamedAfterTheInvoiceWithTheExtensionOfItsType() {
        assertThat(Attachments.contentType("application/PDF; name=x")).isEqualTo("application/pdf");
        assertThat(Attachments.contentType(null)).isEqualTo("application/octet-stream");
        assertThat(Attachments.fileName("RE-1", "application/pdf", "https://erp.example/d?id=1")).isEqualTo("RE-1.pdf");
        assertThat(Attachments.fileName("RE 2/B", "application/xml", "https://erp.example/x")).isEqualTo("RE_2_B.xml");
        assertThat(Attachments.fileName("RE-3", "application/octet-stream", "https://erp.example/files/re3.PDF"))
                .isEqualTo("RE-3.pdf");
        assertThat(Attachments.fileName("RE-4", "application/octet-stream", "https://erp.example/files/re4"))
                .isEqualTo("RE-4");
        assertThat(Attachments.fileName("../..", "application/pdf", "https://erp.example/x")).isEqualTo("invoice.pdf");
        assertThat(Attachments.fileName("RE-5.pdf", "application/pdf", "https://erp.example/x")).isEqualTo("RE-5.pdf");
    }
}
