package org.dunning.invoice.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.dunning.contract.EventCodec;
import org.dunning.invoice.domain.Contact;

import java.util.List;

/** Contacts are kept as a JSON array in one column of the read model. */
@Converter
public class ContactsConverter implements AttributeConverter<List<Contact>, String> {

    private static final TypeReference<List<Contact>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<Contact> contacts) {
        try {
            return EventCodec.mapper().writeValueAsString(contacts == null ? List.of() : contacts);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<Contact> convertToEntityAttribute(String json) {
        try {
            return json == null ? List.of() : EventCodec.mapper().readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
