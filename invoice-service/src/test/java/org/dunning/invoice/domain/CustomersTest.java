package org.dunning.invoice.domain;

import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomersTest {

    @Test
    void registeringACustomerRecordsItsContacts() {
        UUID id = UUID.randomUUID();
        List<Contact> contacts = List.of(new Contact("Anna Berg", "anna@berg.example", null, "accounting"));
        assertThat(Customers.decide(new Customers.RegisterCustomer(id, " Berg GmbH ", "de", "SME", contacts),
                Customers.State.NONE))
                .containsExactly(new CustomerEvent.CustomerRegistered(id, "Berg GmbH", "de", "SME", contacts));
    }

    @Test
    void anUpdateRecordsOnlyARealChange() {
        UUID id = UUID.randomUUID();
        List<Contact> contacts = List.of(new Contact("Anna Berg", "anna@berg.example", null, "accounting"));
        Customers.State state = Customers.evolve(Customers.State.NONE,
                new CustomerEvent.CustomerRegistered(id, "Berg GmbH", "de", null, contacts));
        assertThat(Customers.decide(new Customers.UpdateCustomer("Berg GmbH", "de", null, contacts), state)).isEmpty();
        assertThat(Customers.decide(new Customers.UpdateCustomer("Berg AG", "de", null, contacts), state))
                .containsExactly(new CustomerEvent.CustomerUpdated("Berg AG", "de", null, contacts));
    }

    @Test
    void aContactNeedsAValidAddressAndTheCustomerAName() {
        assertThatThrownBy(() -> Customers.decide(new Customers.RegisterCustomer(UUID.randomUUID(), "", "xx", null,
                List.of(new Contact("A", "not-an-address", null, null))), Customers.State.NONE))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field)
                        .containsExactlyInAnyOrder("name", "language", "contacts[0].email"));
    }
}
