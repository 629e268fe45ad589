package org.dunning.insights.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receivables ageing as of a day (R8.4): per currency, what is owed by days past due — current (not yet due),
 * 1-30, 31-60, 61-90, over 90 — in amount and number of invoices.
 */
public final class Ageing {

    public static final List<String> BUCKETS = List.of("current", "1-30", "31-60", "61-90", "over-90");

    /** One bucket: the amount owed and the invoices owing it. */
    public record Cell(BigDecimal amount, int invoices) {
    }

    /** One currency's ageing: a cell per bucket, in {@link #BUCKETS} order, and the total. */
    public record Row(String currency, Map<String, Cell> buckets, Cell total) {
    }

    public static String bucket(long daysPastDue) {
        if (daysPastDue <= 0) {
            return "current";
        }
        return daysPastDue <= 30 ? "1-30" : daysPastDue <= 60 ? "31-60" : daysPastDue <= 90 ? "61-90" : "over-90";
    }

    public static List<Row> of(Collection<InvoiceHistory> invoices, LocalDate asOf) {
        Map<String, Map<String, Cell>> byCurrency = new TreeMap<>();
        for (InvoiceHistory i : invoices) {
            BigDecimal owed = i.outstandingOn(asOf);
            if (owed.signum() <= 0) {
                continue;
            }
            Map<String, Cell> cells = byCurrency.computeIfAbsent(i.currency(), c -> empty());
            cells.merge(bucket(ChronoUnit.DAYS.between(i.dueDate(), asOf)), new Cell(owed, 1), Ageing::add);
        }
        List<Row> rows = new ArrayList<>();
        byCurrency.forEach((currency, cells) -> rows.add(new Row(currency, cells,
                cells.values().stream().reduce(new Cell(BigDecimal.ZERO, 0), Ageing::add))));
        return rows;
    }

    private static Map<String, Cell> empty() {
        Map<String, Cell> cells = new LinkedHashMap<>();
        BUCKETS.forEach(b -> cells.put(b, new Cell(BigDecimal.ZERO, 0)));
        return cells;
    }

    private static Cell add(Cell a, Cell b) {
        return new Cell(a.amount().add(b.amount()), a.invoices() + b.invoices());
    }

    private Ageing() {
    }
}
