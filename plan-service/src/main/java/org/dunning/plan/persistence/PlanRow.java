package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.dunning.contract.PlanEvents.GroupSettings;
import org.dunning.contract.PlanEvents.OverviewSettings;
import org.dunning.contract.PlanEvents.Step;
import org.dunning.platform.persistence.JsonConverter;
import org.dunning.plan.domain.Plans;

import java.util.List;
import java.util.UUID;

/** Read model of a plan at its current version. */
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
    @Column(name = "group_settings")
    @Convert(converter = GroupConverter.class)
    public GroupSettings group;
    @Column(name = "overview_settings")
    @Convert(converter = OverviewConverter.class)
    public OverviewSettings overview;
    @Column(name = "max_automatic_reminders")
    public Integer maxAutomaticReminders;
    public boolean archived;
    public long version;

    void project(String tenant, Plans.State s) {
        id = s.planId();
        tenantId = tenant;
        name = s.name();
        planType = s.planType().name();
        steps = s.steps();
        group = s.group();
        overview = s.overview();
        maxAutomaticReminders = s.maxAutomaticReminders();
        archived = s.archived();
        version = s.version();
    }

    /** The keys of the templates the plan's steps name (an A/B test's second one too, R8.5). */
    public List<String> templateKeys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        steps.forEach(s -> {
            keys.add(s.templateKey());
            keys.add(s.abTest() == null ? null : s.abTest().templateKey());
        });
        if (group != null) {
            group.steps().forEach(s -> {
                keys.add(s.templateKey());
                keys.add(s.abTest() == null ? null : s.abTest().templateKey());
            });
        }
        if (overview != null) {
            keys.add(overview.templateKey());
        }
        keys.removeIf(java.util.Objects::isNull);
        return keys;
    }

    @Converter
    public static class StepsConverter extends JsonConverter<List<Step>> {
        public StepsConverter() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        }
    }

    @Converter
    public static class GroupConverter extends JsonConverter<GroupSettings> {
        public GroupConverter() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        }
    }

    @Converter
    public static class OverviewConverter extends JsonConverter<OverviewSettings> {
        public OverviewConverter() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        }
    }
}
