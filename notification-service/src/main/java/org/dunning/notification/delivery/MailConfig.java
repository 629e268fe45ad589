package org.dunning.notification.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "dunning.mail")
public interface MailConfig {
    @WithDefault("1s")
    String dispatchInterval();

    @WithDefault("50")
    int batchSize();

    /** After this many failed attempts an e-mail is FAILED and stays visible as such. */
    @WithDefault("8")
    int maxAttempts();

    /** The first retry waits this long; each next one twice as long. */
    @WithDefault("PT30S")
    Duration firstRetryAfter();

    /** No retry waits longer than this. */
    @WithDefault("PT1H")
    Duration maxRetryAfter();
}
