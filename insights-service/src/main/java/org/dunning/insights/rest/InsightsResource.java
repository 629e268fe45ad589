package org.dunning.insights.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.dunning.insights.domain.Ageing;
import org.dunning.insights.domain.Dso;
import org.dunning.insights.domain.Effectiveness;
import org.dunning.insights.persistence.InsightsData;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What works and what is owed (R8.4), per tenant, computed from the projection of the topics: the reminders of a
 * period and what became of their invoices, the ageing of the receivables, DSO month by month.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class InsightsResource {

    static final int MAX_DAYS = 366;
    static final int MAX_MONTHS = 36;

    public record RemindersView(LocalDate from, LocalDate to, LocalDate asOf, List<Effectiveness.Row> rows) {
    }

    public record AgeingView(LocalDate asOf, List<Ageing.Row> currencies) {
    }

    public record DsoView(YearMonth from, YearMonth to, UUID customerId, List<Dso.Figure> months) {
    }

    private final InsightsData data;
    private final Tenant tenant;
    private final Clock clock;

    public InsightsResource(InsightsData data, Tenant tenant, Clock clock) {
        this.data = data;
        this.tenant = tenant;
        this.clock = clock;
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    @GET
    @Path("/reminders")
    @Operation(summary = "Per plan, step and template variant: the reminders sent from `from` to `to` (default the "
            + "last 90 days, at most 366) and the share of their invoices settled within 7, 14 and 30 days — each "
            + "with the number of invoices it counts —, the payments within 30 days per currency, the median days "
            + "to settle")
    public Uni<RemindersView> reminders(@QueryParam("from") String fromText, @QueryParam("to") String toText) {
        Violations v = new Violations();
        LocalDate asOf = today();
        LocalDate to = parse(toText, LocalDate::parse, asOf, "to", "a date such as 2026-12-31", v);
        LocalDate from = parse(fromText, LocalDate::parse, to == null ? null : to.minusDays(89), "from",
                "a date such as 2026-10-01", v);
        if (from != null && to != null) {
            v.check(!from.isAfter(to), "from", "on or before `to`")
                    .check(ChronoUnit.DAYS.between(from, to) < MAX_DAYS, "to", "at most " + MAX_DAYS
                            + " days after `from`");
        }
        v.throwIfAny();
        String t = tenant.id();
        return data.remindersSent(t, from, to).chain(sent -> data.invoices(t, sent.stream()
                        .flatMap(r -> r.invoiceIds().stream()).distinct().toList())
                .map(invoices -> new RemindersView(from, to, asOf, Effectiveness.of(sent, invoices, from, to,
                        asOf))));
    }

    @GET
    @Path("/ageing")
    @Operation(summary = "The receivables by days past due (current, 1-30, 31-60, 61-90, over-90) per currency, as "
            + "of a day (default today)")
    public Uni<AgeingView> ageing(@QueryParam("asOf") String asOfText) {
        Violations v = new Violations();
        LocalDate asOf = parse(asOfText, LocalDate::parse, today(), "asOf", "a date such as 2026-12-31", v);
        v.throwIfAny();
        return data.owedOrIssued(tenant.id(), asOf, asOf, null).map(owed -> new AgeingView(asOf,
                Ageing.of(owed.values(), asOf)));
    }

    @GET
    @Path("/dso")
    @Operation(summary = "Days sales outstanding month by month per currency (receivables at the month's end ÷ "
            + "the month's invoicing × its days), for the tenant or one customer; default the last 12 months, at "
            + "most 36")
    public Uni<DsoView> dso(@QueryParam("from") String fromText, @QueryParam("to") String toText,
                            @QueryParam("customerId") UUID customer) {
        Violations v = new Violations();
        YearMonth to = parse(toText, YearMonth::parse, YearMonth.from(today()), "to", "a month such as 2026-12", v);
        YearMonth from = parse(fromText, YearMonth::parse, to == null ? null : to.minusMonths(11), "from",
                "a month such as 2026-01", v);
        if (from != null && to != null) {
            v.check(!from.isAfter(to), "from", "on or before `to`")
                    .check(ChronoUnit.MONTHS.between(from, to) < MAX_MONTHS, "to", "at most " + MAX_MONTHS
                            + " months after `from`");
        }
        v.throwIfAny();
        return data.owedOrIssued(tenant.id(), from.atDay(1), to.atEndOfMonth(), customer).map(owed ->
                new DsoView(from, to, customer, Dso.monthly(owed.values(), from, to)));
    }

    private static <T> T parse(String text, Function<String, T> parser, T fallback, String field, String expected,
                               Violations v) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(text.trim());
        } catch (DateTimeParseException e) {
            v.check(false, field, expected);
            return null;
        }
    }
}
