package org.dunning.platform.eventstore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a service's stored domain events back as their records. The type name of each is the simple name of a record
 * permitted by the sealed event interface, so the registry is that interface's list and nothing else.
 */
public final class DomainEvents<T> {

    private final Map<String, Class<? extends T>> byName = new HashMap<>();

    @SuppressWarnings("unchecked")
    private DomainEvents(Class<T> sealedInterface) {
        for (Class<?> c : sealedInterface.getPermittedSubclasses()) {
            byName.put(c.getSimpleName(), (Class<? extends T>) c);
        }
    }

    public static <T> DomainEvents<T> of(Class<T> sealedInterface) {
        if (!sealedInterface.isSealed()) {
            throw new IllegalArgumentException(sealedInterface + " is not sealed");
        }
        return new DomainEvents<>(sealedInterface);
    }

    public T read(StoredEvent e) {
        Class<? extends T> type = byName.get(e.type());
        if (type == null) {
            throw new IllegalStateException("unknown stored event type " + e.type() + " in " + e.streamId());
        }
        return e.dataAs(type);
    }

    public List<T> readAll(List<StoredEvent> events) {
        return events.stream().map(this::read).toList();
    }
}
