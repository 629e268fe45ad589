package org.dunning.notification.domain;

import java.time.Duration;

/** How a failed send is handled (R7.5): what counts as permanent, and how long to wait before the next attempt. */
public final class Delivery {

    /**
     * An SMTP reply in the 5xx range is a permanent refusal (RFC 5321 §4.2.1): retrying cannot help. Anything else
     * (no connection, a 4xx reply, a timeout) is transient.
     */
    public static boolean permanent(Integer replyCode) {
        return replyCode != null && replyCode >= 500 && replyCode < 600;
    }

    /** Exponential back-off: {@code first} × 2^(attempts − 1), never more than {@code max}. */
    public static Duration retryAfter(int attempts, Duration first, Duration max) {
        Duration d = first.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(max) > 0 ? max : d;
    }

    private Delivery() {
    }
}
