package org.dunning.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A poll's records applied in one transaction (ARCHITECTURE.md invariant 10), in the order they came (per partition,
 * so per key). A record that cannot be read is refused before the transaction. When the transaction fails for good
 * (a rule refuses a record, a value the database cannot keep), the records are split in two halves, each applied in
 * a transaction of its own, until the records that fail are alone: they are refused with the reason, the others
 * applied once. A passing failure (the database away) is retried until it passes; the batch waits, nothing is given
 * up. The caller hands the refused records to the dead-letter topic and then lets the batch be committed.
 */
public final class Batch {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Batch.class);

    /** A record refused for good, with why. */
    public record Refused(ConsumerRecord<String, String> record, Throwable reason) {
    }

    private record Item<T>(ConsumerRecord<String, String> record, T value) {
    }

    /**
     * @param read  reads a record (throws {@link org.dunning.contract.MalformedEventException} when it cannot)
     * @param apply applies one read record in the session of the batch's transaction
     * @return the records refused, in the order they came
     */
    public static <T> Uni<List<Refused>> apply(Iterable<ConsumerRecord<String, String>> records,
                                               Function<ConsumerRecord<String, String>, T> read,
                                               BiFunction<Mutiny.Session, T, Uni<?>> apply) {
        return apply(records, read, (s, items) -> Uni.createFrom().voidItem(), apply);
    }

    /**
     * As {@link #apply(Iterable, Function, BiFunction)}, with {@code prepare} run at the start of each transaction on
     * the records it holds (e.g. to take their locks in one order, so that two batches never wait for each other).
     */
    public static <T> Uni<List<Refused>> apply(Iterable<ConsumerRecord<String, String>> records,
                                               Function<ConsumerRecord<String, String>, T> read,
                                               BiFunction<Mutiny.Session, List<T>, Uni<?>> prepare,
                                               BiFunction<Mutiny.Session, T, Uni<?>> apply) {
        // one record after the other, iteratively (a chain nested once per record overflows the stack on a full
        // poll); each record's entities are written and let go, so the session does not grow with the poll
        return inSets(records, read, (s, values) -> prepare.apply(s, values)
                .chain(() -> inOrder(values, value -> apply.apply(s, value).chain(s::flush).invoke(s::clear)
                        .replaceWithVoid()))
                .replaceWith(Map.<Integer, Throwable>of()));
    }

    /**
     * The records of a poll whose event type (their {@code ce_type} header) is one of {@code types}, in order: a
     * consumer that acts on a few types of a topic does not decode the others (an {@code EmailSent} carries the whole
     * text of the e-mail). A record without the header is kept, so that reading it refuses it with the reason.
     */
    public static List<ConsumerRecord<String, String>> ofTypes(Iterable<ConsumerRecord<String, String>> records,
                                                               java.util.Set<String> types) {
        List<ConsumerRecord<String, String>> kept = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            org.apache.kafka.common.header.Header type = r.headers().lastHeader(
                    org.dunning.contract.Envelope.Headers.TYPE);
            if (type == null || type.value() == null
                    || types.contains(new String(type.value(), java.nio.charset.StandardCharsets.UTF_8))) {
                kept.add(r);
            }
        }
        return kept;
    }

    /** Applies the values of a transaction together: loads what they need, decides, writes. */
    @FunctionalInterface
    public interface InSets<T> {
        /** @return the values the rules refuse, by their index in {@code values}, with why; the rest is written */
        Uni<? extends Map<Integer, ? extends Throwable>> apply(Mutiny.Session session, List<T> values);
    }

    /**
     * As {@link #apply(Iterable, Function, BiFunction)}, with the records of a transaction applied together in a few
     * statements ({@link InSets}): the rules refuse single records without failing the others; a transaction that
     * fails anyway is split as above.
     */
    public static <T> Uni<List<Refused>> inSets(Iterable<ConsumerRecord<String, String>> records,
                                                Function<ConsumerRecord<String, String>, T> read, InSets<T> apply) {
        List<Refused> refused = new ArrayList<>();
        List<Item<T>> items = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                items.add(new Item<>(r, read.apply(r)));
            } catch (RuntimeException e) {
                refused.add(new Refused(r, e));
            }
        }
        return applyAll(items, apply).map(failed -> {
            refused.addAll(failed);
            refused.sort(java.util.Comparator.comparingInt((Refused f) -> f.record().partition())
                    .thenComparingLong(f -> f.record().offset()));
            return refused;
        });
    }

    private static <T> Uni<List<Refused>> applyAll(List<Item<T>> items, InSets<T> apply) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(new ArrayList<>());
        }
        List<T> values = items.stream().map(Item::value).toList();
        return Retry.untilDone(Panache.withTransaction(() -> Panache.getSession().chain(s -> apply.apply(s, values)))
                        .onFailure(Retry::isTransient).invoke(e -> LOG.warnf("a batch of %d records waits and is "
                                + "tried again: %s", items.size(), e.toString()))
                        .onFailure(e -> !Retry.isTransient(e) && !(e instanceof org.dunning.platform.domain.DomainException)
                                && !(e instanceof org.dunning.contract.MalformedEventException))
                        .invoke(e -> LOG.errorf(e, "a batch of %d records failed", items.size())))
                .map(byIndex -> {
                    List<Refused> refused = new ArrayList<>();
                    byIndex.forEach((i, why) -> refused.add(new Refused(items.get(i).record(), why)));
                    return refused;
                })
                .onFailure().recoverWithUni(e -> {
                    if (items.size() == 1) {
                        List<Refused> one = new ArrayList<>();
                        one.add(new Refused(items.get(0).record(), e));
                        return Uni.createFrom().item(one);
                    }
                    int half = items.size() / 2;
                    return applyAll(items.subList(0, half), apply).chain(first -> applyAll(
                            items.subList(half, items.size()), apply).map(second -> {
                        first.addAll(second);
                        return first;
                    }));
                });
    }

    /**
     * Runs {@code each} over the items one after the other, in the caller's session. Iterative (a stream concatenated
     * one item at a time), so a list of any length does not nest one callback per item.
     */
    public static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Void>> each) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> each.apply(item).replaceWith(Boolean.TRUE))
                .collect().last().replaceWithVoid();
    }

    /** As {@link #inOrder}, adding up what each one counts (e.g. the steps it fired). */
    public static <T> Uni<Integer> sum(List<T> items, Function<T, Uni<Integer>> each) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> each.apply(item))
                .collect().in(() -> new int[1], (sum, n) -> sum[0] += n).map(sum -> sum[0]);
    }

    /**
     * Of the items with one key the last, in the order of their last occurrence: the rows of one upsert (a statement
     * may change a row only once), as writing them one after the other would leave them.
     */
    public static <T> List<T> lastOfEach(List<T> items, Function<T, ?> key) {
        Map<Object, T> last = new java.util.LinkedHashMap<>();
        for (T item : items) {
            Object k = key.apply(item);
            last.remove(k);
            last.put(k, item);
        }
        return new ArrayList<>(last.values());
    }

    /**
     * The values cut into runs, in order: values that {@code together} accepts, one after the other, make one run (to be
     * applied as a set); every other value is a run of its own.
     */
    public static <T> List<List<T>> runs(List<T> values, java.util.function.Predicate<T> together) {
        List<List<T>> runs = new ArrayList<>();
        for (T v : values) {
            List<T> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (together.test(v) && last != null && together.test(last.get(0))) {
                last.add(v);
            } else {
                runs.add(new ArrayList<>(List.of(v)));
            }
        }
        return runs;
    }

    /**
     * The dead-letter record of a refused one: its key, value and headers as received (so a replay sends it back as it
     * was: see {@code DeadLetterResource}), the reason in {@code dead-letter-reason} (the headers SmallRye's own
     * dead-letter queue writes), where it came from in {@code dead-letter-topic}, {@code -partition} and
     * {@code -offset}.
     */
    public static io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata<String> deadLetter(
            Refused refused, String topic) {
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        ConsumerRecord<String, String> r = refused.record();
        for (org.apache.kafka.common.header.Header h : r.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h.key(), h.value());
            }
        }
        Throwable why = refused.reason();
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        headers.add("dead-letter-reason", utf8(reason));
        headers.add("dead-letter-exception-class-name", utf8(why.getClass().getName()));
        headers.add("dead-letter-topic", utf8(r.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(r.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(r.offset())));
        return io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic)
                .withKey(r.key()).withHeaders(headers).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Batch() {
    }
}
