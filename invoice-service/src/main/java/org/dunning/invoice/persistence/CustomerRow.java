package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.dunning.invoice.domain.Contact;

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
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
}
