package org.dunning.platform.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedPrefixTest {

    @Test
    void theLocationMovesUnderThePrefixRelativeToTheCallersOrigin() {
        assertThat(ForwardedPrefix.rewrite("http://10.0.0.7:8080/customers/42", "/api/invoice"))
                .isEqualTo("/api/invoice/customers/42");
        assertThat(ForwardedPrefix.rewrite("/tasks/7?x=1", "/api/followup/")).isEqualTo("/api/followup/tasks/7?x=1");
    }

    @Test
    void aPrefixThatIsNotAPlainPathIsIgnored() {
        assertThat(ForwardedPrefix.rewrite("/customers/42", "https://evil.example")).isNull();
        assertThat(ForwardedPrefix.rewrite("/customers/42", "/api\r\nSet-Cookie: x=1")).isNull();
        assertThat(ForwardedPrefix.rewrite("/customers/42", "//evil.example")).isNull();
        assertThat(ForwardedPrefix.rewrite("/customers/42", "")).isNull();
    }
}
