package org.dunning.platform.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTest {

    @Test
    void withoutACollectorNothingIsRecorded() {
        TracingConfigSource off = new TracingConfigSource(Map.of());
        assertThat(off.getValue("quarkus.otel.traces.sampler.arg")).isEqualTo("0.0");
        assertThat(off.getValue("quarkus.otel.exporter.otlp.traces.endpoint")).isNull();
        // no SQL spans to make and drop for each statement
        assertThat(off.getValue("quarkus.otel.instrument.vertx-sql-client")).isEqualTo("false");
        // nor a span for each record a consumer receives
        assertThat(off.getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled")).isEqualTo("false");
        assertThat(new TracingConfigSource(Map.of("DUNNING_OTLP_ENDPOINT", " ")).getValue(
                "quarkus.otel.traces.sampler.arg")).isEqualTo("0.0");
    }

    @Test
    void oneVariableExportsEveryTraceToTheCollector() {
        TracingConfigSource on = new TracingConfigSource(Map.of("DUNNING_OTLP_ENDPOINT", "http://collector:4317"));
        assertThat(on.getValue("quarkus.otel.exporter.otlp.traces.endpoint")).isEqualTo("http://collector:4317");
        assertThat(on.getValue("quarkus.otel.traces.sampler.arg")).isEqualTo("1.0");
        assertThat(on.getValue("quarkus.otel.instrument.vertx-sql-client")).isNull(); // Quarkus's default: on
        assertThat(on.getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled")).isNull(); // the connector's: on
        assertThat(new TracingConfigSource(Map.of("DUNNING_OTLP_ENDPOINT", "http://collector:4317",
                "DUNNING_TRACES_RATIO", "0.25")).getValue("quarkus.otel.traces.sampler.arg")).isEqualTo("0.25");
        // above the shared defaults (100), below a service's application.properties (250) and the environment
        assertThat(on.getOrdinal()).isBetween(101, 249);
    }

    @Test
    void aStoredTraceParentNamesItsTrace() {
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertThat(Traces.traceId(parent)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(Traces.traceId("garbage")).isNull();
        assertThat(Traces.traceId(null)).isNull();
        assertThat(Traces.current()).isNull(); // outside a span
    }
}
