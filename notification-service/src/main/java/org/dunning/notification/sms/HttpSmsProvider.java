package org.dunning.notification.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.notification.delivery.ProviderCall;
import org.dunning.notification.domain.TextMessages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP adapter: {@code POST <url>} with JSON {@code {reference, from, to, text}}, {@code Authorization: Bearer
 * <api-key>} and {@code Idempotency-Key: <smsId>}; a 2xx answer may carry the message's {@code id}. A 4xx answer other
 * than 408 and 429 is a refusal for good; anything else (5xx, 408, 429, no connection, a timeout) is retried.
 */
@ApplicationScoped
public class HttpSmsProvider implements SmsProvider {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final SmsConfig config;
    private final Tracer tracer;

    public HttpSmsProvider(ObjectMapper json, SmsConfig config, Tracer tracer) {
        this.json = json;
        this.config = config;
        this.tracer = tracer;
    }

    @Override
    public Uni<Accepted> send(Message message) {
        String url = config.url().orElseThrow(() -> new IllegalStateException("dunning.sms.url is not set"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", message.smsId().toString());
        config.sender().ifPresent(s -> body.put("from", s));
        body.put("to", message.to());
        body.put("text", message.text());
        Map<String, String> headers = new LinkedHashMap<>();
        config.apiKey().ifPresent(k -> headers.put("Authorization", "Bearer " + k));
        headers.put("Idempotency-Key", message.smsId().toString());
        return ProviderCall.postJson(http, tracer, url, write(body), config.timeout(), headers, "sms send",
                        message.traceParent(), Map.of("dunning.sms.id", message.smsId().toString(),
                                "dunning.tenant", message.tenant()))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return new Accepted(providerId(response.body()));
                    }
                    if (!TextMessages.mayRetry(status) && status >= 400 && status < 500) {
                        throw new Refused("the SMS provider refused the message: " + status + " "
                                + abbreviate(response.body()));
                    }
                    throw new IllegalStateException("the SMS provider answered " + status);
                });
    }

    private String providerId(String body) {
        try {
            JsonNode id = body == null || body.isBlank() ? null : json.readTree(body).path("id");
            return id == null || id.isMissingNode() || id.asText().isBlank() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
