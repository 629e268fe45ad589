package org.dunning.insights.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Days sales outstanding (R8.4), per currency, by the usual count-back-free formula: what is owed at the end of the
 * period ÷ what was invoiced in it × the days of the period. A period without sales has no DSO (null), its
 * receivables are still shown. For a customer, pass only the customer's invoices.
 */
public final class Dso {

    /** One currency over one period. */
    public record Figure(String currency, LocalDate from, LocalDate to, BigDecimal receivables, BigDecimal sales,
                         BigDecimal days) {
    }

    /** Per currency (those with receivables or sales), from {@code from} to {@code to}, both included. */
    public static List<Figure> of(Collection<InvoiceHistory> invoices, LocalDate from, LocalDate to) {
        Set<String> currencies = new TreeSet<>();
        invoices.forEach(i -> currencies.add(i.currency()));
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        List<Figure> out = new ArrayList<>();
        for (String currency : currencies) {
            BigDecimal receivables = BigDecimal.ZERO;
            BigDecimal sales = BigDecimal.ZERO;
            for (InvoiceHistory i : invoices) {
                if (!i.currency().equals(currency)) {
                    continue;
                }
                receivables = receivables.add(i.outstandingOn(to));
                if (!i.issueDate().isBefore(from) && !i.issueDate().isAfter(to)) {
                    sales = sales.add(i.amount());
                }
            }
            if (receivables.signum() == 0 && sales.signum() == 0) {
                continue;
            }
            BigDecimal dso = sales.signum() == 0 ? null : receivables.multiply(BigDecimal.valueOf(days))
                    .divide(sales, 1, RoundingMode.HALF_UP);
            out.add(new Figure(currency, from, to, receivables, sales, dso));
        }
        return out;
    }

    /** Month by month from {@code first} to {@code last}, both included. */
    public static List<Figure> monthly(Collection<InvoiceHistory> invoices, YearMonth first, YearMonth last) {
        List<Figure> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            out.addAll(of(invoices, m.atDay(1), m.atEndOfMonth()));
        }
        return out;
    }

    private Dso() {
    }
}
