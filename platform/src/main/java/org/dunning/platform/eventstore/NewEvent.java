package org.dunning.platform.eventstore;

import java.util.List;

/**
 * An event to append: its type name, its data (a record, written as JSON) and the trace it belongs to (a W3C
 * {@code traceparent}; null: the trace of the work that appends it, see {@link org.dunning.platform.tracing.Traces}).
 */
public record NewEvent(String type, Object data, String traceParent) {

    public NewEvent(String type, Object data) {
        this(type, data, null);
    }

    /** Domain events named by their record's simple name ({@code InvoiceIssued}), the stable type name. */
    public static List<NewEvent> of(List<?> events) {
        return events.stream().map(e -> new NewEvent(e.getClass().getSimpleName(), e)).toList();
    }
}
