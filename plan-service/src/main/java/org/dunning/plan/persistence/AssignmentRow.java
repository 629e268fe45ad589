package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** Read model: which plan a customer uses. */
@Entity
@Table(name = "assignments")
public class AssignmentRow extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "tenant_id") String tenantId, @Column(name = "customer_id") UUID customerId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "plan_id")
    public UUID planId;
    public long version;
}
