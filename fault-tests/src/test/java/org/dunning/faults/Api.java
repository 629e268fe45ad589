package org.dunning.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dunning.contract.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a well-behaved client of the REST APIs does: JSON over HTTP with a bearer token, and a request that meets a
 * service that is down (no connection, 5xx, 503) sent again after a pause, with the same {@code Idempotency-Key}.
 */
final class Api {

    static final ObjectMapper JSON = EventCodec.mapper();

    /** An answer: the status and the body as JSON (null when there is none). */
    record Answer(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String token;
    final AtomicLong retries = new AtomicLong();

    Api(String token) {
        this.token = token;
    }

    Answer send(String method, String url, Object body, Map<String, String> headers) throws IOException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", "application/json");
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.body() != null && !r.body().isBlank()) {
                try {
                    json = JSON.readTree(r.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Answer(r.statusCode(), json, r.body(), r.headers().map());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Sends until the service answers something other than "unavailable" (no connection, 5xx), for at most
     * {@code patience}; the answer must then be one of {@code expected}.
     */
    JsonNode reliably(String method, String url, Object body, Map<String, String> headers, Duration patience,
                      int... expected) {
        Instant deadline = Instant.now().plus(patience);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                Answer a = send(method, url, body, headers);
                for (int e : expected) {
                    if (a.status() == e) {
                        return a.body();
                    }
                }
                if (a.status() < 500) {
                    throw new AssertionError(method + " " + url + " answered " + a.status() + ": " + a.raw());
                }
                last = a.status() + " " + a.raw();
            } catch (IOException e) {
                last = e.toString();
            }
            retries.incrementAndGet();
            sleep(250);
        }
        throw new AssertionError(method + " " + url + " still unavailable after " + patience + ": " + last);
    }

    JsonNode get(String url) {
        return reliably("GET", url, null, Map.of(), Duration.ofMinutes(3), 200);
    }

    /** Every item of a paged list ({@code {items, page, size}}). */
    List<JsonNode> all(String url) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode p = get(url + (url.contains("?") ? "&" : "?") + "size=500&page=" + page);
            p.get("items").forEach(items::add);
            if (p.get("items").size() < 500) {
                return items;
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
