package org.dunning.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Honours the {@code Idempotency-Key} header of creates, in the caller's transaction: the first request with a key
 * creates and remembers the id; a repeat with the same body returns that id and creates nothing; a repeat with
 * another body is refused (422). A concurrent repeat waits on the key's row until the first one commits.
 */
@ApplicationScoped
public class Idempotency {

    /** The id of the resource, and whether it was created by an earlier request. */
    public record Outcome(UUID id, boolean replayed) {
    }

    public static final int MAX_KEY_LENGTH = 200;

    public Uni<Outcome> once(Mutiny.Session s, String tenant, String scope, String key, Object request,
                             Supplier<Uni<UUID>> create) {
        if (key == null) {
            return create.get().map(id -> new Outcome(id, false));
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ValidationFailed.of("Idempotency-Key", "1 to " + MAX_KEY_LENGTH + " characters");
        }
        String hash = hash(request);
        return Sql.of(s, "INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash) "
                        + "VALUES (:t, :scope, :k, :h) ON CONFLICT DO NOTHING")
                .setParameter("t", tenant).setParameter("scope", scope).setParameter("k", key).setParameter("h", hash)
                .executeUpdate()
                .chain(claimed -> claimed == 1
                        ? create.get().call(id -> Sql.of(s, "UPDATE idempotency_keys SET resource_id = :id "
                                        + "WHERE tenant_id = :t AND scope = :scope AND key = :k")
                                .setParameter("id", id).setParameter("t", tenant).setParameter("scope", scope)
                                .setParameter("k", key).executeUpdate()).map(id -> new Outcome(id, false))
                        : Sql.of(s, "SELECT request_hash, cast(resource_id as text) FROM idempotency_keys "
                                        + "WHERE tenant_id = :t AND scope = :scope AND key = :k")
                                .setParameter("t", tenant).setParameter("scope", scope).setParameter("k", key)
                                .getResultList().map(rows -> replay(rows, hash)));
    }

    private static Outcome replay(List<Object[]> rows, String hash) {
        Object[] row = rows.get(0);
        if (!hash.equals(row[0])) {
            throw ValidationFailed.of("Idempotency-Key", "was already used for a different request");
        }
        return new Outcome(UUID.fromString((String) row[1]), true);
    }

    /** The request's fingerprint as remembered with its key: SHA-256 of its JSON. */
    public static String hash(Object request) {
        try {
            byte[] json = EventCodec.mapper().writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
