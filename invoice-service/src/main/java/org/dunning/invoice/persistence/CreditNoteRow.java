package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Read model of a credit note. */
@Entity
@Table(name = "credit_notes")
public class CreditNoteRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "customer_id")
    public UUID customerId;
    public String number;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    public String currency;
    public BigDecimal amount;
    public BigDecimal unallocated;
    public long version;
}
