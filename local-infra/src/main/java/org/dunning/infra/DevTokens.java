package org.dunning.infra;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens signed with the development key (RS256). The services trust that key only outside the prod profile
 * ({@code %dev}, {@code %test}, {@code %demo}); production configures its own issuer's public key.
 */
public final class DevTokens {

    public static final String ISSUER = "dunning-dev";
    public static final String TENANT_CLAIM = "tenant";

    public static String token(String tenant, Set<String> roles, Duration validity) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("dev-user@" + tenant);
        claims.setClaim("upn", "dev-user@" + tenant);
        claims.setStringListClaim("groups", new ArrayList<>(roles));
        claims.setClaim(TENANT_CLAIM, tenant);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(validity.toSeconds() / 60f);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for a finance user of the tenant who may also administer it. */
    public static String token(String tenant) {
        return token(tenant, Set.of("user", "admin"), Duration.ofHours(12));
    }

    private static PrivateKey privateKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream("dev-jwt-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private DevTokens() {
    }
}
