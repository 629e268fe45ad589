package org.dunning.testing;

import org.dunning.infra.DevTokens;

import java.time.Duration;
import java.util.Set;

/** Bearer tokens for tests, signed with the development key that the test profile trusts. */
public final class Tokens {

    public static String bearer(String tenant) {
        return "Bearer " + DevTokens.token(tenant);
    }

    public static String bearer(String tenant, String... roles) {
        return "Bearer " + DevTokens.token(tenant, Set.of(roles), Duration.ofHours(1));
    }

    private Tokens() {
    }
}
