package org.dunning.notification.sms;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/** An SMS provider that sends text messages (R8.2). */
public interface SmsProvider {

    /**
     * A message to send: its id (the provider's idempotency key: a message sent again after a crash is not sent
     * twice by a provider that honours it), the number in E.164, the text; {@code traceParent}: its trace, or null.
     */
    record Message(UUID smsId, String tenant, String to, String text, String traceParent) {
    }

    /** The provider's id of the message it accepted, where it gave one. */
    record Accepted(String providerId) {
    }

    /** The provider refused the message for good (a 4xx answer other than 408 and 429): retrying cannot help. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Sends the message; fails with {@link Refused} for good, with anything else for a retry. Completes on the
     * caller's Vert.x context, so the caller may go on with its reactive session.
     */
    Uni<Accepted> send(Message message);
}
