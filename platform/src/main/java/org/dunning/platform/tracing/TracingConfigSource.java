package org.dunning.platform.tracing;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tracing is one variable: {@code DUNNING_OTLP_ENDPOINT} names an OTLP collector (gRPC, e.g.
 * {@code http://otel-collector:4317}) and every trace is recorded and exported there ({@code DUNNING_TRACES_RATIO}
 * may sample fewer, 0 to 1). Unset, no span is recorded or exported, while every request still carries a trace id
 * that travels through the outbox and Kafka (for correlation); the SQL client is then not instrumented at all: its
 * spans are leaves that would be dropped, and making them cost every statement a span and its SQL sanitized (the
 * engine's tick with nothing due took 4.3-4.7 ms without them against 6.1 ms with them, in runs one after the other),
 * and the Kafka connector makes no span for each record it receives (extracting the record's context, starting and
 * ending a span that nobody records took 10-21 % of every consumer's sampled CPU while the relay bench's 100,000
 * events came in; the consumers read the {@code traceparent} header themselves, so the trace still travels on).
 * The sampler decides by the trace id alone, so every service takes the same decision for a trace. Ranks above the
 * shared defaults and below a service's application.properties and the environment.
 */
public class TracingConfigSource implements ConfigSource {

    static final String ENDPOINT = "DUNNING_OTLP_ENDPOINT";
    static final String RATIO = "DUNNING_TRACES_RATIO";
    /** The Kafka connector's own spans, for every channel that does not set its own {@code tracing-enabled}. */
    static final String KAFKA_TRACING = "mp.messaging.connector.smallrye-kafka.tracing-enabled";

    private final Map<String, String> properties;

    public TracingConfigSource() {
        this(System.getenv());
    }

    TracingConfigSource(Map<String, String> environment) {
        String endpoint = environment.get(ENDPOINT);
        Map<String, String> p = new HashMap<>();
        if (endpoint != null && !endpoint.isBlank()) {
            p.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint.trim());
            String ratio = environment.get(RATIO);
            p.put("quarkus.otel.traces.sampler.arg", ratio == null || ratio.isBlank() ? "1.0" : ratio.trim());
        } else {
            p.put("quarkus.otel.traces.sampler.arg", "0.0");
            p.put("quarkus.otel.instrument.vertx-sql-client", "false");
            p.put(KAFKA_TRACING, "false");
        }
        this.properties = Map.copyOf(p);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "dunning-tracing";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
