package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Read model of an invoice. */
@Entity
@Table(name = "invoices")
public class InvoiceRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "customer_id")
    public UUID customerId;
    public String number;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "due_date")
    public LocalDate dueDate;
    public String currency;
    public BigDecimal amount;
    public BigDecimal outstanding;
    public String status;
    public boolean disputed;
    @Column(name = "expected_payment_date")
    public LocalDate expectedPaymentDate;
    @Column(name = "document_url")
    public String documentUrl;
    @Column(name = "payment_url")
    public String paymentUrl;
    public long version;
}
