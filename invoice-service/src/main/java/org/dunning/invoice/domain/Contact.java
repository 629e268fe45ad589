package org.dunning.invoice.domain;

/**
 * A person at the customer who can receive reminders. {@code bounced}: mail to the address came back, so it is
 * not used until the address changes.
 */
public record Contact(String name, String email, String phone, String role, boolean bounced) {

    /** A contact whose address has not bounced. */
    public static Contact of(String name, String email, String phone, String role) {
        return new Contact(name, email, phone, role, false);
    }
}
