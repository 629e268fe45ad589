package org.dunning.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Behind the one origin (the local gateway of {@code ./dunning up}, or the HTTPRoute in {@code k8s/}), a service is
 * reached under a path prefix such as {@code /api/invoice} that the gateway strips and names in
 * {@code X-Forwarded-Prefix}. A {@code Location} the service answers then points at the prefixed path, relative to
 * the origin the client called ({@code /api/invoice/customers/…}), so a browser follows it through the gateway. A
 * request without the header (a service called directly) keeps the service's own absolute {@code Location}.
 */
public final class ForwardedPrefix {

    static final String HEADER = "X-Forwarded-Prefix";
    /** One or more path segments of unreserved characters: nothing a client could smuggle into a header. */
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    @ServerResponseFilter
    public void prefixLocation(ContainerRequestContext request, ContainerResponseContext response) {
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        String prefix = request.getHeaderString(HEADER);
        if (location == null || prefix == null) {
            return;
        }
        String rewritten = rewrite(location.toString(), prefix.trim());
        if (rewritten != null) {
            response.getHeaders().putSingle(HttpHeaders.LOCATION, rewritten);
        }
    }

    /** The location's path (with its query) under the prefix, or null when the prefix is not a plain path. */
    static String rewrite(String location, String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!PREFIX.matcher(p).matches()) {
            return null;
        }
        URI uri = URI.create(location);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return p + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
