package org.dunning.invoice.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.Converter;
import org.dunning.invoice.domain.InternalUser;
import org.dunning.platform.persistence.JsonConverter;

import java.util.List;

@Converter
public class InternalUsersConverter extends JsonConverter<List<InternalUser>> {
    public InternalUsersConverter() {
        super(new TypeReference<>() {
        });
    }
}
