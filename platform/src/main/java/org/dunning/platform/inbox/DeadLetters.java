package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Writes the records a batch consumer refused to its dead-letter topic, with the reason in the headers
 * ({@link Batch#deadLetter}), and completes once the broker has them all: only then is the batch committed.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final org.dunning.platform.metrics.Meters meters;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter,
                       org.dunning.platform.metrics.Meters meters) {
        this.emitter = emitter;
        this.meters = meters;
    }

    public Uni<Void> write(String topic, List<Batch.Refused> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sent = refused.stream().map(r -> {
            LOG.warnf("refused the record of tenant %s at %s-%d@%d: %s",
                    org.dunning.platform.deadletter.DeadLetter.of(r.record()).tenant(), r.record().topic(),
                    r.record().partition(), r.record().offset(), r.reason().getMessage());
            return emitter.sendMessage(Message.of(r.record().value()).addMetadata(Batch.deadLetter(r, topic)));
        }).toList();
        // dunning_dead_letters_total{topic}: records refused for good, by the dead-letter topic they went to
        return Uni.join().all(sent).andFailFast().replaceWithVoid()
                .invoke(() -> meters.count("dunning.dead.letters", refused.size(), "topic", topic));
    }
}
