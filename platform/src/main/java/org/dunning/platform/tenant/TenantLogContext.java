package org.dunning.platform.tenant;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Puts the caller's tenant (the verified token's claim) into the logging context of the request, so every line the
 * request logs names it: {@code tenant} in the text format and in the JSON logs' {@code mdc}. The context belongs to
 * the request's own Vert.x context, so it follows the request through its asynchronous steps and ends with it.
 */
public class TenantLogContext {

    public static final String KEY = "tenant";

    private final JsonWebToken jwt;

    public TenantLogContext(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    @ServerRequestFilter
    public void tenant(ContainerRequestContext request) {
        Object claim = jwt.getRawToken() == null ? null : jwt.getClaim(Tenant.CLAIM);
        if (claim != null) {
            MDC.put(KEY, claim.toString().replace("\"", ""));
        }
    }
}
