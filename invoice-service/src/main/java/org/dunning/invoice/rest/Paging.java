package org.dunning.invoice.rest;

import org.dunning.platform.domain.Violations;

final class Paging {
    static void check(int page, int size) {
        new Violations().check(page >= 0, "page", "must be 0 or more")
                .check(size >= 1 && size <= 500, "size", "must be between 1 and 500").throwIfAny();
    }

    private Paging() {
    }
}
