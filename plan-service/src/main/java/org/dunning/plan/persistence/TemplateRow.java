package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.plan.domain.Templates;
import org.dunning.platform.persistence.JsonConverter;

import java.util.List;
import java.util.UUID;

/** Read model of a template at its current version. */
@Entity
@Table(name = "templates")
public class TemplateRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String key;
    public String kind;
    public String name;
    @Convert(converter = VariantsConverter.class)
    public List<TemplateVariant> variants;
    public boolean archived;
    public long version;

    void project(String tenant, Templates.State s) {
        id = s.templateId();
        tenantId = tenant;
        key = s.key();
        kind = s.kind().name();
        name = s.name();
        variants = s.variants();
        archived = s.archived();
        version = s.version();
    }

    @Converter
    public static class VariantsConverter extends JsonConverter<List<TemplateVariant>> {
        public VariantsConverter() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        }
    }
}
