package org.dunning.platform.eventstore;

/** An event to append: its type name and its data (a record, written as JSON). */
public record NewEvent(String type, Object data) {
}
