package org.dunning.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The one origin of {@code ./dunning up}: every service's API under one host, each under its own path prefix
 * ({@code /api/invoice/…} to invoice-service, {@code /api/plan/…} to plan-service, and so on; see
 * {@link DunningSystem.Service#route()}), and the merged OpenAPI document of that origin at {@code /api/openapi.json}
 * and {@code /api/openapi.yaml}. The prefix is stripped and named to the service in {@code X-Forwarded-Prefix} (so a
 * {@code Location} it answers points back through the gateway), with {@code X-Forwarded-Host}, {@code -Proto} and
 * {@code -For}; whatever a client sent in those headers is replaced, never passed on. In Kubernetes the HTTPRoute of
 * {@code k8s/base/gateway} does the same; the proxying itself is Vert.x's reverse proxy.
 */
public final class Gateway implements AutoCloseable {

    /** A path prefix and the port of the service behind it (on this machine). */
    public record Route(String prefix, int port) {
    }

    /** Where a request goes: the route, and the URI the service is asked for (the prefix stripped). */
    record Forward(Route route, String uri) {
    }

    static final String DOCUMENT = "/api/openapi";

    private final Vertx vertx;
    private final HttpServer server;

    private Gateway(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Starts the gateway on a port (0: a free one) in front of the routes; {@code documents} is the folder with the
     * merged OpenAPI document ({@code docs/openapi/dunning}).
     */
    public static Gateway start(int port, List<Route> routes, Path documents) {
        Vertx vertx = Vertx.vertx();
        Map<Route, HttpProxy> proxies = new LinkedHashMap<>();
        var client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        for (Route r : routes) {
            proxies.put(r, HttpProxy.reverseProxy(client).origin(r.port(), "127.0.0.1").addInterceptor(forwarding(routes)));
        }
        Map<String, Document> docs = Map.of(DOCUMENT + ".json", Document.read(documents.resolve("openapi.json"),
                "application/json"), DOCUMENT + ".yaml", Document.read(documents.resolve("openapi.yaml"),
                "application/yaml"));
        String known = routes.stream().map(Route::prefix).collect(Collectors.joining(", "));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
                .requestHandler(request -> {
                    Document doc = docs.get(request.path());
                    if (doc != null) {
                        doc.answer(request);
                        return;
                    }
                    Optional<Forward> forward = forward(routes, request.uri());
                    if (forward.isPresent()) {
                        proxies.get(forward.get().route()).handle(request);
                    } else {
                        problem(request, 404, "Not Found", "nothing is served under " + request.path()
                                + " here: the services are under " + known + ", the API document at " + DOCUMENT
                                + ".json");
                    }
                });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the gateway cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        return new Gateway(vertx, server);
    }

    /**
     * The route a request's URI (path and query) belongs to, with the URI the service is asked for. The services'
     * management endpoints ({@code /q/…}: health, metrics) are not part of the API and not served at the origin.
     */
    static Optional<Forward> forward(List<Route> routes, String uri) {
        for (Route r : routes) {
            String p = r.prefix();
            if (uri.startsWith(p)) {
                String rest = uri.substring(p.length());
                if (rest.isEmpty() || rest.startsWith("?")) {
                    return Optional.of(new Forward(r, "/" + rest));
                }
                if (rest.startsWith("/") && !management(rest)) {
                    return Optional.of(new Forward(r, rest));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a path is under {@code /q}, as the service will read it (escapes decoded, dot segments and // gone). */
    private static boolean management(String uri) {
        String path;
        try {
            int query = uri.indexOf('?');
            path = java.net.URI.create("http://origin" + (query < 0 ? uri : uri.substring(0, query))).normalize()
                    .getPath();
        } catch (IllegalArgumentException e) {
            return true; // a path that is not a URI (a raw space, say): not passed on
        }
        path = path.replaceAll("/{2,}", "/");
        return path.equals("/q") || path.startsWith("/q/");
    }

    private static ProxyInterceptor forwarding(List<Route> routes) {
        return new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                HttpServerRequest incoming = request.proxiedRequest();
                Forward forward = forward(routes, request.getURI()).orElseThrow();
                request.setURI(forward.uri());
                var headers = request.headers();
                headers.remove("Forwarded");
                headers.set("X-Forwarded-Prefix", forward.route().prefix());
                headers.set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
                if (incoming.authority() != null) {
                    headers.set("X-Forwarded-Host", incoming.authority().toString());
                }
                headers.set("X-Forwarded-For", incoming.remoteAddress().hostAddress());
                return context.sendRequest();
            }
        };
    }

    private static void problem(HttpServerRequest request, int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(body);
    }

    /** The merged API document, read once at start (the build writes it; see {@link OneOriginDocument}). */
    private record Document(byte[] bytes, String type, Path file) {
        static Document read(Path file, String type) {
            try {
                return new Document(Files.exists(file) ? Files.readAllBytes(file) : null, type, file);
            } catch (IOException e) {
                return new Document(null, type, file);
            }
        }

        void answer(HttpServerRequest request) {
            if (bytes == null) {
                problem(request, 404, "Not Found", file + " is missing: ./mvnw install -DskipTests writes it");
                return;
            }
            request.response().putHeader("Content-Type", type)
                    .end(io.vertx.core.buffer.Buffer.buffer(bytes));
        }
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
