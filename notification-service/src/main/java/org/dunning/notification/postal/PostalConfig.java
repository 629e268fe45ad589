package org.dunning.notification.postal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The postal-provider adapter: off by default. */
@ConfigMapping(prefix = "dunning.postal")
public interface PostalConfig {

    /** On: every new letter is handed to the provider as a draft. */
    @WithDefault("false")
    boolean enabled();

    /** The provider's endpoint that creates a draft letter (HTTP POST, JSON). */
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer <api-key>}. */
    Optional<String> apiKey();

    @WithDefault("5s")
    String interval();

    @WithDefault("6")
    int maxAttempts();

    @WithDefault("PT1M")
    Duration firstRetryAfter();

    @WithDefault("PT1H")
    Duration maxRetryAfter();
}
