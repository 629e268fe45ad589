package org.dunning.notification.postal;

import io.smallrye.mutiny.Uni;
import org.dunning.contract.PostalAddress;

import java.util.UUID;

/**
 * A postal-mail provider that prints and posts letters (R2.4; the seeds name MySendingBox). The adapter only creates
 * the provider's draft: a person still sends the letter from the send-letter task, or at the provider.
 */
public interface PostalProvider {

    /**
     * A letter to hand over: its id (the provider's reference), the addressee's name and postal address, the PDF;
     * {@code traceParent}: the trace it belongs to (its reminder step's), or null.
     */
    record Letter(UUID letterId, String tenant, String customerName, PostalAddress address, String title,
                  String language, byte[] pdf, String traceParent) {
    }

    /** The provider's id for the draft it created. */
    record Draft(String providerId) {
    }

    /** The provider refused the letter for good (a 4xx answer): retrying cannot help. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Creates the provider's draft; fails with {@link Refused} for good, with anything else for a retry. Completes on
     * the caller's Vert.x context, so the caller may go on with its reactive session.
     */
    Uni<Draft> createDraft(Letter letter);
}
