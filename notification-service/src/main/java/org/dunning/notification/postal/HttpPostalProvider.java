package org.dunning.notification.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.dunning.notification.delivery.ProviderCall;
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
        Map<String, String> headers = new LinkedHashMap<>();
        config.apiKey().ifPresent(k -> headers.put("Authorization", "Bearer " + k));
        return ProviderCall.postJson(http, tracer, url, write(body), Duration.ofSeconds(30), headers, "postal draft",
                        letter.traceParent(), Map.of("dunning.letter.id", letter.letterId().toString(),
                                "dunning.tenant", letter.tenant()))
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
