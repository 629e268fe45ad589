package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.dunning.invoice.domain.Contact;
import org.dunning.invoice.domain.InternalUser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read model of a customer. */
@Entity
@Table(name = "customers")
public class CustomerRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    public String language;
    public String segment;
    @Convert(converter = ContactsConverter.class)
    public List<Contact> contacts;
    @Column(name = "external_reference")
    public String externalReference;
    @Column(name = "internal_users")
    @Convert(converter = InternalUsersConverter.class)
    public List<InternalUser> internalUsers;
    @Column(name = "billing_address")
    @Convert(converter = AddressConverter.class)
    public org.dunning.contract.PostalAddress billingAddress;
    public boolean archived;
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
}
