package org.dunning.invoice.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.Converter;
import org.dunning.contract.PostalAddress;
import org.dunning.platform.persistence.JsonConverter;

/** A billing address as JSON text; no address is SQL NULL. */
@Converter
public class AddressConverter extends JsonConverter<PostalAddress> {
    public AddressConverter() {
        super(new TypeReference<>() {
        });
    }

    @Override
    public String convertToDatabaseColumn(PostalAddress value) {
        return value == null ? null : super.convertToDatabaseColumn(value);
    }
}
