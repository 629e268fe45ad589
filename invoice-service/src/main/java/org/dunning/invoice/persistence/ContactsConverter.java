package org.dunning.invoice.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.Converter;
import org.dunning.invoice.domain.Contact;
import org.dunning.platform.persistence.JsonConverter;

import java.util.List;

@Converter
public class ContactsConverter extends JsonConverter<List<Contact>> {
    public ContactsConverter() {
        super(new TypeReference<>() {
        });
    }
}
