package org.dunning.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * Waits for a service's relay, at the price of one probe of the outbox's primary key a look (0.6 ms of statement
 * time). The benches used to count a tenant's events still queued ({@code count(*)} of the outbox joined to the
 * events, the tenant's rows filtered) every 20-100 ms while the relay they timed ran: over the relay bench's backlog
 * of 100,000 that count took 400 ms of PostgreSQL's time a look (65 looks, 26.2 s of statement time, in a run of
 * 28 s), the largest load on PostgreSQL in that run, on the two cores the bench shares with what it measures. The
 * relay bench also reads the outbox's head ({@link #head}) to tell how far the relay got, and looks less often the
 * more is left ({@link Machine#nextLook}).
 */
final class Outbox {

    /** How many looks the waits took, and how long they waited for PostgreSQL's answers, since {@link #looks()}. */
    private static long looks;
    private static long lookNanos;

    /**
     * The position of the last event written so far (a look at the end of the events' primary key): to be taken once
     * every event the wait is for is committed, so that the outbox holds none of them once it holds no position up
     * to this one.
     */
    static long last(Connection db) throws Exception {
        try (PreparedStatement q = db.prepareStatement("SELECT coalesce(max(position), 0) FROM events");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether any event up to {@code position} is still queued for the relay. */
    static boolean queued(Connection db, long position) throws Exception {
        return head(db) <= position;
    }

    /**
     * The first position still queued for the relay (the head of the outbox's primary key), {@link Long#MAX_VALUE}
     * when the outbox is empty. The relay publishes in position order, so the head says how far it got.
     */
    static long head(Connection db) throws Exception {
        long t = System.nanoTime();
        try (PreparedStatement q = db.prepareStatement("SELECT min(position) FROM outbox");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            long head = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : head;
        } finally {
            looks++;
            lookNanos += System.nanoTime() - t;
        }
    }

    /**
     * Waits until the relay published every event written so far (the ones waited for committed before the call),
     * looking every {@code every}; gives up after {@code within}.
     */
    static void published(Connection db, Duration every, Duration within) throws Exception {
        long last = last(db);
        long deadline = System.nanoTime() + within.toNanos();
        while (queued(db, last)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not publish the events up to position " + last
                        + " within " + within);
            }
            Thread.sleep(every.toMillis());
        }
    }

    /** The looks since the last call and their time, one line. */
    static String looks() {
        String line = String.format("the bench's looks at the outbox: %d, %.0f ms waiting for their answers", looks,
                lookNanos / 1e6);
        looks = 0;
        lookNanos = 0;
        return line;
    }

    private Outbox() {
    }
}
