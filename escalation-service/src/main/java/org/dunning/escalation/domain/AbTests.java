package org.dunning.escalation.domain;

import org.dunning.contract.PlanEvents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * R8.5: which template a reminder of a step that tests two gets. The choice depends on the step and the invoice (a
 * group plan: the customer) alone — a bucket 0..99 from a SHA-256 of both — so a retry, a replay or a rebuild gives
 * the same variant, each invoice stays in its variant for the step, and the share is {@code percent} over many.
 */
public final class AbTests {

    /** The template a reminder gets and its variant ({@code A} | {@code B}; null when the step tests nothing). */
    public record Choice(String templateKey, String variant) {
    }

    public static Choice choose(String templateKey, PlanEvents.TemplateSplit split, UUID stepId, UUID subject) {
        if (split == null) {
            return new Choice(templateKey, null);
        }
        return bucket(stepId, subject) < split.percent() ? new Choice(split.templateKey(), "B")
                : new Choice(templateKey, "A");
    }

    /** 0..99, uniform over subjects, fixed for a step and a subject. */
    static int bucket(UUID stepId, UUID subject) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((stepId + "/" + subject).getBytes(StandardCharsets.US_ASCII));
            return (int) (Integer.toUnsignedLong(ByteBuffer.wrap(hash, 0, 4).getInt()) % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private AbTests() {
    }
}
