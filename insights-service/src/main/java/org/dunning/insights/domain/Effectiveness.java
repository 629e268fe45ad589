package org.dunning.insights.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What works (R8.4): per plan, step and template variant, the reminders sent in a period and what became of their
 * invoices — the share settled within 7, 14 and 30 days of the reminder, the payments received within 30 days, the
 * median days from reminder to settlement. Each share says how many invoices it counts: an invoice reminded fewer
 * than N days before {@code asOf} cannot be judged for N days yet and is left out of that share, so that nobody reads
 * a difference from ten reminders or from a window that has not passed.
 */
public final class Effectiveness {

    public static final List<Integer> WINDOWS = List.of(7, 14, 30);

    /** A reminder sent (an e-mail, a letter, a call) for these invoices on {@code sentOn}. */
    public record Reminder(UUID planId, String planName, UUID stepId, String stepName, String variant,
                           String templateKey, LocalDate sentOn, List<UUID> invoiceIds) {
    }

    /** {@code settled} of {@code of} invoices; {@code percent} with one decimal, null when there are none. */
    public record Share(int settled, int of, BigDecimal percent) {
        static Share of(int settled, int of) {
            return new Share(settled, of, of == 0 ? null : BigDecimal.valueOf(settled * 1000L / of, 1));
        }
    }

    /** One plan, step and variant. {@code recovered}: payments within 30 days of the reminder, per currency. */
    public record Row(UUID planId, String planName, UUID stepId, String stepName, String variant, String templateKey,
                      int reminders, int invoices, Map<Integer, Share> settledWithin, Map<String, BigDecimal> recovered,
                      BigDecimal medianDaysToSettle, int settled) {
    }

    private record Key(UUID planId, UUID stepId, String variant) {
    }

    /** The reminders sent from {@code from} to {@code to} (both included), judged as of {@code asOf}. */
    public static List<Row> of(Collection<Reminder> reminders, Map<UUID, InvoiceHistory> invoices, LocalDate from,
                               LocalDate to, LocalDate asOf) {
        Map<Key, List<Reminder>> groups = new LinkedHashMap<>();
        reminders.stream().filter(r -> !r.sentOn().isBefore(from) && !r.sentOn().isAfter(to))
                .sorted(Comparator.comparing(Reminder::sentOn))
                .forEach(r -> groups.computeIfAbsent(new Key(r.planId(), r.stepId(), r.variant()),
                        k -> new ArrayList<>()).add(r));
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, sent) -> rows.add(row(sent, invoices, asOf)));
        rows.sort(Comparator.comparing(Row::planName, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Row::stepName, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> Objects.toString(r.variant(), "")));
        return rows;
    }

    private static Row row(List<Reminder> sent, Map<UUID, InvoiceHistory> invoices, LocalDate asOf) {
        Reminder first = sent.get(0);
        Map<Integer, int[]> within = new TreeMap<>();
        WINDOWS.forEach(w -> within.put(w, new int[2]));
        Map<String, BigDecimal> recovered = new TreeMap<>();
        List<Long> daysToSettle = new ArrayList<>();
        int count = 0;
        for (Reminder r : sent) {
            for (UUID id : r.invoiceIds()) {
                InvoiceHistory invoice = invoices.get(id);
                if (invoice == null) {
                    continue; // never heard of in the ledger: nothing to judge
                }
                count++;
                Optional<Long> days = invoice.settledOn().filter(d -> !d.isBefore(r.sentOn()))
                        .map(d -> ChronoUnit.DAYS.between(r.sentOn(), d));
                days.ifPresent(daysToSettle::add);
                for (int w : WINDOWS) {
                    if (!r.sentOn().plusDays(w).isAfter(asOf)) {
                        int[] share = within.get(w);
                        share[1]++;
                        if (days.isPresent() && days.get() <= w) {
                            share[0]++;
                        }
                    }
                }
                BigDecimal paid = invoice.paidBetween(r.sentOn(), r.sentOn().plusDays(30));
                if (paid.signum() != 0) {
                    recovered.merge(invoice.currency(), paid, BigDecimal::add);
                }
            }
        }
        Map<Integer, Share> shares = new LinkedHashMap<>();
        within.forEach((w, s) -> shares.put(w, Share.of(s[0], s[1])));
        return new Row(first.planId(), first.planName(), first.stepId(), first.stepName(), first.variant(),
                first.templateKey(), sent.size(), count, shares, recovered, median(daysToSettle),
                daysToSettle.size());
    }

    static BigDecimal median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? BigDecimal.valueOf(sorted.get(n / 2))
                : BigDecimal.valueOf(sorted.get(n / 2 - 1) + sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
    }

    private Effectiveness() {
    }
}
