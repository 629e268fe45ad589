package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.dunning.plan.domain.Step;

import java.util.List;
import java.util.UUID;

/** Read model of a plan. */
@Entity
@Table(name = "plans")
public class PlanRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    @Column(name = "plan_type")
    public String planType;
    @Convert(converter = StepsConverter.class)
    public List<Step> steps;
    public long version;
}
