package org.dunning.platform.rest;

import org.dunning.platform.domain.Violations;

import java.util.List;
import java.util.function.Function;

/** One page of a list, as every list endpoint answers it. */
public record Page<T>(List<T> items, int page, int size) {

    public static final int MAX_SIZE = 500;

    /** Refuses a page number below 0 or a size outside 1..500 (422 naming the parameter). */
    public static void check(int page, int size) {
        new Violations().check(page >= 0, "page", "must be 0 or more")
                .check(size >= 1 && size <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE).throwIfAny();
    }

    public static <R, T> Page<T> of(List<R> rows, Function<R, T> view, int page, int size) {
        return new Page<>(rows.stream().map(view).toList(), page, size);
    }
}
