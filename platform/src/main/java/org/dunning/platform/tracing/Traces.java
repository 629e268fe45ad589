package org.dunning.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.Map;

/**
 * The trace context where it must outlive a thread: written as a W3C {@code traceparent} into what is stored (an
 * event's metadata in the event store, an e-mail waiting for its SMTP conversation) and read back when the work
 * goes on (the relay's Kafka headers, the dispatcher's span), so one trace runs from a REST call through the outbox,
 * Kafka and a consumer to the SMTP server.
 */
public final class Traces {

    public static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private Traces() {
    }

    /** The {@code traceparent} of the current span, or null outside a trace. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The {@code traceparent} of a span (null for one outside any trace). */
    public static String of(Span span) {
        if (!span.getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The context a stored {@code traceparent} names (the root context for null or a malformed one). */
    public static Context context(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceParent), GETTER);
    }

    /** The trace id of a {@code traceparent}, or null. */
    public static String traceId(String traceParent) {
        SpanContext span = Span.fromContext(context(traceParent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
