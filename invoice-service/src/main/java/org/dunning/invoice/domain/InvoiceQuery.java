package org.dunning.invoice.domain;

import org.dunning.platform.domain.Violations;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The filters and order of an invoice list, validated. Days late count from the tenant's today. */
public record InvoiceQuery(UUID customerId, List<String> statuses, Boolean overdue, Boolean disputed,
                           LocalDate dueFrom, LocalDate dueTo, Integer daysLateFrom, Integer daysLateTo,
                           String sortField, boolean descending) {

    /** API sort names to read-model fields. */
    static final Map<String, String> SORTS = Map.of("dueDate", "dueDate", "issueDate", "issueDate",
            "number", "number", "amount", "amount", "outstanding", "outstanding");

    public static InvoiceQuery of(UUID customerId, String status, Boolean overdue, Boolean disputed, LocalDate dueFrom,
                                  LocalDate dueTo, Integer daysLateFrom, Integer daysLateTo, String sort) {
        List<String> statuses = status == null || status.isBlank() ? List.of()
                : Arrays.stream(status.split(",")).map(String::trim).toList();
        String s = sort == null || sort.isBlank() ? "dueDate" : sort.trim();
        boolean descending = s.startsWith("-");
        String field = descending ? s.substring(1) : s;
        new Violations()
                .check(statuses.stream().allMatch(x -> Arrays.stream(Invoices.Status.values())
                        .anyMatch(v -> v.name().equals(x))), "status", "comma-separated, of "
                        + Arrays.toString(Invoices.Status.values()))
                .check(dueFrom == null || dueTo == null || !dueTo.isBefore(dueFrom), "dueTo", "must not be before dueFrom")
                .check(daysLateFrom == null || daysLateFrom >= 0, "daysLateFrom", "must be 0 or more")
                .check(daysLateTo == null || daysLateTo >= 0, "daysLateTo", "must be 0 or more")
                .check(daysLateFrom == null || daysLateTo == null || daysLateTo >= daysLateFrom, "daysLateTo",
                        "must not be below daysLateFrom")
                .check(SORTS.containsKey(field), "sort", "one of " + SORTS.keySet() + ", '-' first for descending")
                .throwIfAny();
        return new InvoiceQuery(customerId, statuses, overdue, disputed, dueFrom, dueTo, daysLateFrom, daysLateTo,
                SORTS.get(field), descending);
    }
}
