package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Invoice documents uploaded through REST (R8.1), each under a token of 256 random bits: the link that serves it is
 * its capability, as with a pre-signed URL. Older uploads of an invoice stay, so links handed out keep working.
 */
@ApplicationScoped
public class DocumentRepository {

    /** A stored document: what it is and its bytes. */
    public record Stored(String contentType, byte[] content, UUID invoiceId) {
    }

    private final SecureRandom random = new SecureRandom();

    /** A new token, URL-safe. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores the document under the token, in a transaction of its own. */
    public Uni<Void> store(String token, String tenant, UUID invoice, String contentType, byte[] content,
                           Instant at) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> Sql.of(s,
                        "INSERT INTO invoice_documents (token, tenant_id, invoice_id, content_type, content, uploaded_at) "
                                + "VALUES (:token, :t, :i, :type, :content, :at)")
                .setParameter("token", token).setParameter("t", tenant).setParameter("i", invoice)
                .setParameter("type", contentType).setParameter("content", content)
                .setParameter("at", at.atOffset(ZoneOffset.UTC)).executeUpdate())).replaceWithVoid();
    }

    /** The document under the token, if any. */
    public Uni<Optional<Stored>> find(String token) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> Sql.of(s,
                        "SELECT content_type, content, invoice_id FROM invoice_documents WHERE token = :token")
                .setParameter("token", token).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new Stored((String) r[0], bytes(r[1]),
                        SqlValues.uuid(r[2]))))));
    }

    private static byte[] bytes(Object column) {
        return column instanceof io.vertx.core.buffer.Buffer b ? b.getBytes() : (byte[]) column;
    }
}
