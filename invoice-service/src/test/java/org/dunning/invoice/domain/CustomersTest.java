package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomersTest {

    static final UUID ID = UUID.randomUUID();
    static final List<Contact> CONTACTS = List.of(Contact.of("Anna Berg", "anna@berg.example", null, "accounting"));
    static final List<InternalUser> USERS = List.of(new InternalUser("u-7", "Tom Sales", "tom@tenant.example"));

    static Customers.Details details(String name, List<Contact> contacts) {
        return new Customers.Details(name, "de", "SME", contacts, "K-100", USERS);
    }

    static Customers.State registered() {
        return Customers.replay(Customers.decide(new Customers.RegisterCustomer(ID, details("Berg GmbH", CONTACTS)),
                Customers.State.NONE));
    }

    @Test
    void registeringACustomerRecordsItsContactsAndColleagues() {
        assertThat(Customers.decide(new Customers.RegisterCustomer(ID, details(" Berg GmbH ", CONTACTS)),
                Customers.State.NONE))
                .containsExactly(new CustomerEvent.CustomerRegistered(ID, "Berg GmbH", "de", "SME", CONTACTS, "K-100",
                        USERS, null));
    }

    @Test
    void anUpdateRecordsOnlyARealChange() {
        assertThat(Customers.decide(new Customers.UpdateCustomer(details("Berg GmbH", CONTACTS)), registered())).isEmpty();
        assertThat(Customers.decide(new Customers.UpdateCustomer(details("Berg AG", CONTACTS)), registered()))
                .containsExactly(new CustomerEvent.CustomerUpdated("Berg AG", "de", "SME", CONTACTS, "K-100", USERS,
                        null));
    }

    @Test
    void aBillingAddressIsCheckedStoredOneWayAndReplaced() {
        org.dunning.contract.PostalAddress given = new org.dunning.contract.PostalAddress(null,
                List.of(" Hauptstraße 1"), "10115", "Berlin", null, "de");
        Customers.Details withAddress = new Customers.Details("Berg GmbH", "de", "SME", CONTACTS, "K-100", USERS, given);
        List<CustomerEvent> moved = Customers.decide(new Customers.UpdateCustomer(withAddress), registered());
        org.dunning.contract.PostalAddress stored = new org.dunning.contract.PostalAddress(null,
                List.of("Hauptstraße 1"), "10115", "Berlin", null, "DE");
        assertThat(moved).containsExactly(new CustomerEvent.CustomerUpdated("Berg GmbH", "de", "SME", CONTACTS,
                "K-100", USERS, stored));
        assertThat(Customers.evolve(registered(), moved.get(0)).details().billingAddress()).isEqualTo(stored);
        Customers.Details wrong = new Customers.Details("Berg GmbH", "de", "SME", CONTACTS, "K-100", USERS,
                new org.dunning.contract.PostalAddress(null, List.of("Hauptstraße 1"), "1011", "Berlin", null, "DE"));
        assertThatThrownBy(() -> Customers.decide(new Customers.UpdateCustomer(wrong), registered()))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field).containsExactly("billingAddress.postalCode"));
    }

    @Test
    void aBouncedAddressStaysMarkedUntilItChanges() {
        List<CustomerEvent> bounced = Customers.decide(new Customers.MarkBounced("ANNA@berg.example"), registered());
        assertThat(bounced).containsExactly(new CustomerEvent.ContactBounced("anna@berg.example"));
        Customers.State state = Customers.evolve(registered(), bounced.get(0));
        assertThat(state.details().contacts().get(0).bounced()).isTrue();
        assertThat(Customers.decide(new Customers.MarkBounced("anna@berg.example"), state)).isEmpty();
        // The same address sent again keeps its mark; a new address starts clean.
        assertThat(Customers.decide(new Customers.UpdateCustomer(details("Berg AG", CONTACTS)), state).get(0))
                .isInstanceOfSatisfying(CustomerEvent.CustomerUpdated.class,
                        u -> assertThat(u.contacts().get(0).bounced()).isTrue());
        List<Contact> moved = List.of(Contact.of("Anna Berg", "anna@berg-ag.example", null, "accounting"));
        assertThat(Customers.decide(new Customers.UpdateCustomer(details("Berg AG", moved)), state).get(0))
                .isInstanceOfSatisfying(CustomerEvent.CustomerUpdated.class,
                        u -> assertThat(u.contacts().get(0).bounced()).isFalse());
        assertThatThrownBy(() -> Customers.decide(new Customers.MarkBounced("nobody@x.example"), state))
                .isInstanceOf(ValidationFailed.class);
    }

    @Test
    void anArchivedCustomerIsNotChangedAnyMore() {
        Customers.State archived = Customers.evolve(registered(), new CustomerEvent.CustomerArchived());
        assertThat(Customers.decide(new Customers.Archive(), archived)).isEmpty();
        assertThatThrownBy(() -> Customers.decide(new Customers.UpdateCustomer(details("X", CONTACTS)), archived))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void aContactNeedsAValidAddressAndTheCustomerAName() {
        assertThatThrownBy(() -> Customers.decide(new Customers.RegisterCustomer(UUID.randomUUID(),
                new Customers.Details("", "xx", null, List.of(Contact.of("A", "not-an-address", null, null)), null,
                        List.of(new InternalUser("u", "U", "bad")))), Customers.State.NONE))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field)
                        .containsExactlyInAnyOrder("name", "language", "contacts[0].email", "internalUsers[0].email"));
    }
}
