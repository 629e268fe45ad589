package org.dunning.platform.tenant;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.NotAuthorizedException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's tenant, taken from the verified bearer token (claim {@code tenant}), never from a header. */
@RequestScoped
public class Tenant {

    public static final String CLAIM = "tenant";

    private final JsonWebToken jwt;

    public Tenant(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String id() {
        Object claim = jwt.getClaim(CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        if (tenant == null || tenant.isBlank()) {
            throw new NotAuthorizedException("the token carries no tenant", "Bearer");
        }
        return tenant;
    }

    /** Who is acting: the token's user name ({@code upn}, else {@code sub}). */
    public String user() {
        String name = jwt.getName();
        return name == null || name.isBlank() ? "unknown" : name;
    }
}
