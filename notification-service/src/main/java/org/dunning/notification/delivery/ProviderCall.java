package org.dunning.notification.delivery;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import org.dunning.platform.tracing.Traces;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A JSON {@code POST} to a provider (postal, SMS) in a client span of the message's trace, named to the provider in
 * {@code traceparent}; the answer comes back on the caller's Vert.x context (its session lives there).
 */
public final class ProviderCall {

    /**
     * @param headers     sent as they are (e.g. {@code Authorization}, {@code Idempotency-Key})
     * @param traceParent the trace of the message (null: a new one)
     * @param attributes  the span's attributes
     */
    public static Uni<HttpResponse<String>> postJson(HttpClient http, Tracer tracer, String url, String body,
                                                     Duration timeout, Map<String, String> headers, String spanName,
                                                     String traceParent, Map<String, String> attributes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        io.opentelemetry.api.trace.SpanBuilder builder = tracer.spanBuilder(spanName).setSpanKind(SpanKind.CLIENT)
                .setParent(Traces.context(traceParent));
        attributes.forEach(builder::setAttribute);
        Span span = builder.startSpan();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), request,
                (r, key, value) -> r.header(key, value));
        // The HTTP client answers on its own threads: come back to the caller's context.
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<HttpResponse<String>> answer = Uni.createFrom().completionStage(() -> http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString()));
        if (caller != null) {
            answer = answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return answer.onTermination().invoke((response, failure, cancelled) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            } else if (response != null) {
                span.setAttribute("http.response.status_code", response.statusCode());
            }
            span.end();
        });
    }

    private ProviderCall() {
    }
}
