package org.dunning.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.dunning.platform.domain.Violations;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Query and path parameters with a control character or half of a surrogate pair are refused before any resource
 * sees them (400 naming the parameter): no parameter means such a character, and PostgreSQL cannot compare with it.
 */
public class CleanParams {

    @ServerRequestFilter(preMatching = false)
    public void refuseControlCharacters(ContainerRequestContext request) {
        Violations v = new Violations();
        check(v, "query parameter ", request.getUriInfo().getQueryParameters());
        check(v, "path parameter ", request.getUriInfo().getPathParameters());
        v.throwIfAny();
    }

    private static void check(Violations v, String kind, MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String value : p.getValue()) {
                v.text(kind + p.getKey(), value, 10_000);
            }
        }
    }
}
