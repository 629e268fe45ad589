package org.dunning.infra;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * Bearer tokens signed with the development key. The services trust that key only outside the prod profile
 * ({@code %dev}, {@code %test}, {@code %demo}); production configures its own issuer's public key.
 */
public final class DevTokens {

    public static final String ISSUER = "dunning-dev";
    public static final String TENANT_CLAIM = "tenant";

    public static String token(String tenant, Set<String> roles, Duration validity) {
        return Jwt.issuer(ISSUER)
                .subject("dev-user@" + tenant)
                .upn("dev-user@" + tenant)
                .groups(roles)
                .claim(TENANT_CLAIM, tenant)
                .expiresIn(validity)
                .sign(privateKey());
    }

    /** A token for a finance user of the tenant who may also administer it. */
    public static String token(String tenant) {
        return token(tenant, Set.of("user", "admin"), Duration.ofHours(12));
    }

    private static PrivateKey privateKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream("dev-jwt-private.pem")) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private DevTokens() {
    }
}
