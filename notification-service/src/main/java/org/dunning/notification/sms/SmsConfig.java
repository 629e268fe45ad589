package org.dunning.notification.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The SMS-provider adapter (R8.2): off by default. */
@ConfigMapping(prefix = "dunning.sms")
public interface SmsConfig {

    /** On: an SMS step's messages are handed to the provider; off: they fail visibly with the reason. */
    @WithDefault("false")
    boolean enabled();

    /** The provider's endpoint that sends a message (HTTP POST, JSON). */
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer <api-key>}. */
    Optional<String> apiKey();

    /** The sender the provider shows (a number or an alphanumeric sender id), if it takes one. */
    Optional<String> sender();

    @WithDefault("2s")
    String interval();

    /** Messages claimed per transaction. */
    @WithDefault("50")
    int batch();

    @WithDefault("6")
    int maxAttempts();

    @WithDefault("PT1M")
    Duration firstRetryAfter();

    @WithDefault("PT1H")
    Duration maxRetryAfter();

    @WithDefault("PT10S")
    Duration timeout();
}
