package org.dunning.contract;

/** A record that cannot be read as an integration event: missing headers, unknown type, JSON not of the schema. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
