package org.dunning.notification.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "dunning.mail")
public interface MailConfig {
    @WithDefault("1s")
    String dispatchInterval();

    /** E-mails claimed (and re-checked) at once; sent in waves of {@code max-pool-size / lanes}. */
    @WithDefault("200")
    int batchSize();

    /** After this many failed attempts an e-mail is FAILED and stays visible as such. */
    @WithDefault("8")
    int maxAttempts();

    /** The first retry waits this long; each next one twice as long. */
    @WithDefault("PT30S")
    Duration firstRetryAfter();

    /**
     * How long a claimed batch belongs to its dispatcher (real time). A dispatcher that died mid-batch leaves its
     * unsent e-mails to the others after this; it must be longer than a batch takes to send.
     */
    @WithDefault("PT1M")
    Duration claimLease();

    /**
     * How many waves of a claimed batch are sent at once (each of {@code quarkus.mailer.max-pool-size / lanes}
     * e-mails, in a transaction of its own): while one wave commits, the others' SMTP conversations go on.
     */
    @WithDefault("2")
    int lanes();

    /**
     * How long one SMTP conversation may take, from asking the pool for a connection to the server's last reply; one
     * that takes longer is a failed attempt, retried like a refused connection. It bounds what the mail client leaves
     * open: a server that hangs up before its greeting fails nothing in it (vertx-mail-client 4.5), so without this
     * bound the conversation, its wave and the dispatcher would wait for ever.
     */
    @WithDefault("PT1M")
    Duration sendTimeout();

    /** No retry waits longer than this. */
    @WithDefault("PT1H")
    Duration maxRetryAfter();

    /** R8.1: the largest invoice document an e-mail carries (bytes); a larger one fails the e-mail for good. */
    @WithDefault("10485760")
    long attachmentMaxBytes();

    /** R8.1: the documents of one e-mail together (a grouped e-mail carries one per invoice). */
    @WithDefault("20971520")
    long attachmentsMaxTotalBytes();

    /** R8.1: how long fetching one document may take, from connecting to its last byte. */
    @WithDefault("PT20S")
    Duration attachmentTimeout();
}
