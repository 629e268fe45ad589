package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.domain.ValidationFailed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the {@code POST /invoices} requests that arrived together, so that they are written in one transaction
 * (one statement per table) instead of one transaction each. Every request gets the answer it would get alone:
 * refused for the same reason, or issued with the same events; a request whose answer depends on another of the
 * batch (the same Idempotency-Key, or the same invoice number, as an earlier request of the batch) or on what an
 * earlier request made (its Idempotency-Key is known already: a repeat) is decided {@link Alone} after the batch.
 */
public final class IssueBatch {

    /** One request: the caller's tenant, its Idempotency-Key (null: none) and the command. */
    public record Request(String tenant, String idempotencyKey, Invoices.IssueInvoice command) {
    }

    /** What the batch's one query found for a request: its customer (and whether archived), its number, its key. */
    public record Found(boolean customerExists, boolean customerArchived, boolean numberTaken, boolean keyKnown) {
    }

    /** What becomes of a request. */
    public sealed interface Outcome {
    }

    /** Issued in the batch's transaction: the events to append and the invoice's state after them. */
    public record Issue(Request request, List<InvoiceEvent> events, Invoices.State state, String number)
            implements Outcome {
    }

    /** Refused, as it would be alone. */
    public record Refuse(DomainException problem) implements Outcome {
    }

    /** Decided on its own after the batch has committed (a repeat, or a request that depends on another). */
    public record Alone() implements Outcome {
    }

    /** The invoice number a request's query looks for: as the event will hold it (trimmed); null if none. */
    public static String number(Request r) {
        return r.command().number() == null ? null : r.command().number().trim();
    }

    /** One outcome per request, at the same index; {@code found} is what the query found for each. */
    public static List<Outcome> decide(List<Request> requests, List<Found> found) {
        if (requests.size() != found.size()) {
            throw new IllegalArgumentException(requests.size() + " requests, " + found.size() + " found");
        }
        Set<String> keys = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Found f = found.get(i);
            if (r.idempotencyKey() != null && (f.keyKnown() || !keys.add(r.tenant() + "\n" + r.idempotencyKey()))) {
                // a repeat returns what the first request made, or is refused if its body differs: decided alone
                outcomes.add(new Alone());
                continue;
            }
            outcomes.add(decide(r, f, numbers));
        }
        return outcomes;
    }

    private static Outcome decide(Request r, Found f, Set<String> numbers) {
        List<InvoiceEvent> events;
        try {
            events = Invoices.decide(r.command(), Invoices.State.NONE);
        } catch (DomainException e) {
            return new Refuse(e);
        }
        if (!f.customerExists()) {
            return new Refuse(ValidationFailed.of("customerId", "no such customer"));
        }
        if (f.customerArchived()) {
            return new Refuse(ValidationFailed.of("customerId", "the customer is archived"));
        }
        String number = ((InvoiceEvent.InvoiceIssued) events.get(0)).number();
        if (f.numberTaken()) {
            return new Refuse(new Conflict("invoice number " + number + " exists already"));
        }
        if (!numbers.add(r.tenant() + "\n" + number)) {
            // an earlier request of the batch issues this number; alone, after it, this one conflicts
            return new Alone();
        }
        return new Issue(r, events, Invoices.replay(events), number);
    }

    private IssueBatch() {
    }
}
