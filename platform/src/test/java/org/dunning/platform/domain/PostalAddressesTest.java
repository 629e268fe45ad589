package org.dunning.platform.domain;

import org.dunning.contract.PostalAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostalAddressesTest {

    static PostalAddress checked(PostalAddress a) {
        Violations v = new Violations();
        PostalAddress out = PostalAddresses.check("billingAddress", a, v);
        v.throwIfAny();
        return out;
    }

    static List<ValidationFailed.Violation> problems(PostalAddress a) {
        Violations v = new Violations();
        PostalAddresses.check("billingAddress", a, v);
        try {
            v.throwIfAny();
            return List.of();
        } catch (ValidationFailed e) {
            return e.violations();
        }
    }

    @Test
    void anAddressIsStoredOneWay() {
        assertThat(checked(new PostalAddress(" ", List.of(" Hauptstraße 1 ", ""), " 10115", "Berlin ", null, "de")))
                .isEqualTo(new PostalAddress(null, List.of("Hauptstraße 1"), "10115", "Berlin", null, "DE"));
        assertThat(checked(new PostalAddress(null, List.of("10 Downing Street"), "sw1a2aa", "London", null, "GB"))
                .postalCode()).isEqualTo("SW1A 2AA");
        assertThat(checked(new PostalAddress(null, List.of("1 Main St"), "d02x285", "Dublin", null, "IE"))
                .postalCode()).isEqualTo("D02 X285");
        assertThat(checked(new PostalAddress(null, List.of("Damrak 1"), "1012lg", "Amsterdam", null, "NL"))
                .postalCode()).isEqualTo("1012 LG");
        assertThat(checked(null)).isNull();
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertThat(problems(new PostalAddress(null, List.of(), "1011", null, null, "Germany")))
                .extracting(ValidationFailed.Violation::field)
                .contains("billingAddress.country", "billingAddress.street", "billingAddress.city");
        assertThat(problems(new PostalAddress(null, List.of("Hauptstraße 1"), "1011", "Berlin", null, "DE")))
                .extracting(ValidationFailed.Violation::field, ValidationFailed.Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("billingAddress.postalCode",
                        "a postal code of DE such as 10115"));
        assertThat(problems(new PostalAddress(null, List.of("1 Market St"), "94105", "San Francisco", null, "US")))
                .extracting(ValidationFailed.Violation::field).containsExactly("billingAddress.region");
        assertThat(problems(new PostalAddress(null, List.of("a", "b", "c", "d"), "10115", "Berlin", null, "DE")))
                .extracting(ValidationFailed.Violation::field).containsExactly("billingAddress.street");
        assertThat(problems(new PostalAddress(null, List.of("Hauptstraße 1"), null, "Berlin", null, "DE")))
                .extracting(ValidationFailed.Violation::message).containsExactly("required in DE");
        assertThat(problems(new PostalAddress(null, List.of("Rua 1"), null, "Lisboa", null, "PT"))).isEmpty();
    }
}
