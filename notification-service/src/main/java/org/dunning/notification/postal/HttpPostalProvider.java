package org.dunning.notification.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import org.dunning.platform.tracing.Traces;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.dunning.templates.AddressLines;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP adapter: {@code POST <url>} with JSON {@code {reference, recipient: {name, addressLines: [...],
 * address: {recipient, street, postalCode, city, region, country}}, title, language, contentType: "application/pdf",
 * document: <base64>}} and {@code Authorization: Bearer <api-key>}; a 2xx answer
 * carries the draft's {@code id}. A 4xx answer is a refusal for good; anything else (5xx, no connection) is retried.
 */
@ApplicationScoped
public class HttpPostalProvider implements PostalProvider {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final PostalConfig config;

    private final Tracer tracer;

    public HttpPostalProvider(ObjectMapper json, PostalConfig config, Tracer tracer) {
        this.json = json;
        this.config = config;
        this.tracer = tracer;
    }

    @Override
    public Uni<Draft> createDraft(Letter letter) {
        String url = config.url().orElseThrow(() -> new IllegalStateException("dunning.postal.url is not set"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", letter.letterId().toString());
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("name", letter.customerName());
        recipient.put("addressLines", AddressLines.of(letter.address(), letter.language(), null));
        recipient.put("address", letter.address());
        body.put("recipient", recipient);
        body.put("title", letter.title());
        body.put("language", letter.language());
        body.put("contentType", "application/pdf");
        body.put("document", Base64.getEncoder().encodeToString(letter.pdf()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        config.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k));
        // a span of the letter's trace, named to the provider in traceparent
        Span span = tracer.spanBuilder("postal draft").setSpanKind(SpanKind.CLIENT)
                .setParent(Traces.context(letter.traceParent()))
                .setAttribute("dunning.letter.id", letter.letterId().toString())
                .setAttribute("dunning.tenant", letter.tenant()).startSpan();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), request,
                (r, key, value) -> r.header(key, value));
        // The HTTP client answers on its own threads: come back to the caller's context (its session lives there).
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<HttpResponse<String>> answer = Uni.createFrom().completionStage(() -> http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString()));
        if (caller != null) {
            answer = answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return answer
                .onTermination().invoke((response, failure, cancelled) -> {
                    if (failure != null) {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                    } else if (response != null) {
                        span.setAttribute("http.response.status_code", response.statusCode());
                    }
                    span.end();
                })
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 400 && status < 500) {
                        throw new Refused("the postal provider refused the letter: " + status + " " + response.body());
                    }
                    if (status < 200 || status >= 300) {
                        throw new IllegalStateException("the postal provider answered " + status);
                    }
                    try {
                        JsonNode id = json.readTree(response.body()).path("id");
                        if (id.isMissingNode() || id.asText().isBlank()) {
                            throw new IllegalStateException("the postal provider answered no draft id");
                        }
                        return new Draft(id.asText());
                    } catch (IOException e) {
                        throw new IllegalStateException("the postal provider's answer is not JSON", e);
                    }
                });
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
