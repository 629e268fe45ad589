package org.dunning.platform.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits every text and date of a command is held to, before the database ever sees it. */
class ViolationsTest {

    @Test
    void textIsBoundedAndFreeOfControlCharactersAndHalfSurrogates() {
        assertThat(new Violations().text("name", "Berg GmbH", 200).isEmpty()).isTrue();
        assertThat(new Violations().text("name", null, 200).isEmpty()).isTrue();
        assertThat(new Violations().text("name", "Emoji \uD83D\uDE00 ok", 200).isEmpty()).isTrue();
        assertThatThrownBy(() -> new Violations().text("name", "x".repeat(201), 200).throwIfAny())
                .hasMessage("name: at most 200 characters");
        assertThatThrownBy(() -> new Violations().text("name", "a\u0000b", 200).throwIfAny())
                .hasMessage("name: must not contain control characters");
        assertThatThrownBy(() -> new Violations().text("name", "a\nb", 200).throwIfAny())
                .hasMessage("name: must not contain control characters");
        assertThatThrownBy(() -> new Violations().text("name", "a\uD800b", 200).throwIfAny())
                .hasMessage("name: must not contain control characters");
        assertThatThrownBy(() -> new Violations().requiredText("name", "  ", 200).throwIfAny())
                .hasMessage("name: required");
    }

    @Test
    void notesMayHaveLineBreaksAndTabsButNoOtherControlCharacter() {
        assertThat(new Violations().note("note", "line one\n\tline two\r\n", 2000).isEmpty()).isTrue();
        assertThat(new Violations().note("note", "bell\u0007", 2000).isEmpty()).isFalse();
    }

    @Test
    void businessDatesLieBetween1900And2999() {
        assertThat(new Violations().date("dueDate", LocalDate.of(2026, 12, 1)).isEmpty()).isTrue();
        assertThat(new Violations().date("dueDate", LocalDate.of(1899, 12, 31)).isEmpty()).isFalse();
        assertThat(new Violations().date("dueDate", LocalDate.of(999_999, 1, 1)).isEmpty()).isFalse();
    }
}
