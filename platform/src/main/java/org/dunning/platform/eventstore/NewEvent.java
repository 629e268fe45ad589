package org.dunning.platform.eventstore;

import java.util.List;

/** An event to append: its type name and its data (a record, written as JSON). */
public record NewEvent(String type, Object data) {

    /** Domain events named by their record's simple name ({@code InvoiceIssued}), the stable type name. */
    public static List<NewEvent> of(List<?> events) {
        return events.stream().map(e -> new NewEvent(e.getClass().getSimpleName(), e)).toList();
    }
}
