package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests that arrived together, what the query found for each, and the answer each gets. */
class IssueBatchTest {

    static final IssueBatch.Found FREE = new IssueBatch.Found(true, false, false, false);

    static IssueBatch.Request request(String tenant, String key, String number) {
        return new IssueBatch.Request(tenant, key, new Invoices.IssueInvoice(UUID.randomUUID(), UUID.randomUUID(),
                number, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("100")));
    }

    @Test
    void requestsWithNothingAgainstThemAreIssuedWithTheEventsTheyWouldHaveAlone() {
        IssueBatch.Request a = request("t1", null, " R-1 ");
        IssueBatch.Request b = request("t1", "k-1", "R-2");
        List<IssueBatch.Outcome> outcomes = IssueBatch.decide(List.of(a, b), List.of(FREE, FREE));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(IssueBatch.Issue.class));
        IssueBatch.Issue first = (IssueBatch.Issue) outcomes.get(0);
        assertThat(first.events()).isEqualTo(Invoices.decide(a.command(), Invoices.State.NONE));
        assertThat(first.number()).isEqualTo("R-1").isEqualTo(IssueBatch.number(a));
        assertThat(first.state().status()).isEqualTo(Invoices.Status.OPEN);
        assertThat(first.state().version()).isEqualTo(1);
    }

    @Test
    void eachRefusalIsTheOneTheRequestGetsAloneAndTouchesNoOtherRequest() {
        IssueBatch.Request invalid = new IssueBatch.Request("t1", null, new Invoices.IssueInvoice(UUID.randomUUID(),
                UUID.randomUUID(), "R-1", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 10, 1), "EUR",
                new BigDecimal("100")));
        List<IssueBatch.Outcome> outcomes = IssueBatch.decide(
                List.of(invalid, request("t1", null, "R-2"), request("t1", null, "R-3"), request("t1", null, "R-4"),
                        request("t1", null, "R-5")),
                List.of(new IssueBatch.Found(false, false, false, false),
                        new IssueBatch.Found(false, false, false, false), new IssueBatch.Found(true, true, false, false), new IssueBatch.Found(true, false, true, false),
                        FREE));

        assertThat(((IssueBatch.Refuse) outcomes.get(0)).problem()).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.violations()).extracting(ValidationFailed.Violation::field)
                        .containsExactly("dueDate"));
        assertThat(((IssueBatch.Refuse) outcomes.get(1)).problem()).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.violations()).extracting(ValidationFailed.Violation::message)
                        .containsExactly("no such customer"));
        assertThat(((IssueBatch.Refuse) outcomes.get(2)).problem()).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.violations()).extracting(ValidationFailed.Violation::message)
                        .containsExactly("the customer is archived"));
        assertThat(((IssueBatch.Refuse) outcomes.get(3)).problem()).isInstanceOf(Conflict.class)
                .hasMessage("invoice number R-4 exists already");
        assertThat(outcomes.get(4)).isInstanceOf(IssueBatch.Issue.class);
    }

    @Test
    void aRepeatOfAKnownKeyOrOfAKeyOrNumberEarlierInTheBatchIsDecidedAloneAfterIt() {
        List<IssueBatch.Outcome> outcomes = IssueBatch.decide(
                List.of(request("t1", "k-1", "R-1"), request("t1", "k-1", "R-1"), request("t1", null, "R-2"),
                        request("t1", null, "R-2"), request("t1", "k-old", "R-3"), request("t2", "k-1", "R-1")),
                List.of(FREE, FREE, FREE, FREE, new IssueBatch.Found(true, false, true, true), FREE));

        assertThat(outcomes).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Issue", "Alone", "Issue", "Alone", "Alone", "Issue");
    }

    @Test
    void aRefusedRequestReservesNoNumber() {
        List<IssueBatch.Outcome> outcomes = IssueBatch.decide(
                List.of(request("t1", null, "R-1"), request("t1", null, "R-1")),
                List.of(new IssueBatch.Found(true, true, false, false), FREE));

        assertThat(outcomes.get(0)).isInstanceOf(IssueBatch.Refuse.class);
        assertThat(outcomes.get(1)).isInstanceOf(IssueBatch.Issue.class);
        assertThatThrownBy(() -> IssueBatch.decide(List.of(request("t1", null, "R-1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
