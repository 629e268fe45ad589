package org.dunning.notification.postal;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP stand-in for a postal provider: the first request of each letter is answered 503 (the provider is
 * briefly away), the next one 201 with a draft id; a letter titled "refused" is answered 422. Turns the adapter on
 * for the test class that uses it.
 */
public class PostalStub implements QuarkusTestResourceLifecycleManager {

    public record Request(String authorization, String body, String traceParent) {
    }

    static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger DRAFTS = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/letters", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String reference = body.replaceAll(".*\"reference\":\"([^\"]+)\".*", "$1");
            boolean seen = REQUESTS.stream().anyMatch(r -> r.body().contains(reference));
            REQUESTS.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body,
                    exchange.getRequestHeaders().getFirst("traceparent")));
            int status;
            String answer;
            if (body.contains("\"title\":\"refused\"")) {
                status = 422;
                answer = "{\"error\":\"no postal address\"}";
            } else if (!seen) {
                status = 503;
                answer = "{}";
            } else {
                status = 201;
                answer = "{\"id\":\"draft-" + DRAFTS.incrementAndGet() + "\"}";
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        return Map.of("dunning.postal.enabled", "true",
                "dunning.postal.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/letters",
                "dunning.postal.api-key", "secret-key");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
