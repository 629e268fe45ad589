package org.dunning.plan.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.Converter;
import org.dunning.plan.domain.Step;
import org.dunning.platform.persistence.JsonConverter;

import java.util.List;

@Converter
public class StepsConverter extends JsonConverter<List<Step>> {
    public StepsConverter() {
        super(new TypeReference<>() {
        });
    }
}
