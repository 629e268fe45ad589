package org.dunning.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.PreconditionFailed;
import org.dunning.platform.domain.ValidationFailed;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of every service as application/problem+json; never a stack trace or an exception type. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response validation(ValidationFailed e, UriInfo uri) {
        return respond(new Problem("urn:dunning:problem:validation", "Validation failed", 422, e.getMessage(),
                uri.getPath(), e.violations()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return respond(Problem.of(404, "Not found", e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e, UriInfo uri) {
        return respond(Problem.of(409, "Conflict", e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response preconditionFailed(PreconditionFailed e, UriInfo uri) {
        return respond(Problem.of(412, "Precondition failed", e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        String why = e instanceof UnrecognizedPropertyException u ? "not a field of this request; the fields are "
                + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()
                : "cannot be read: " + readable(e.getOriginalMessage());
        return respond(new Problem("urn:dunning:problem:validation", "Malformed request body", 400,
                field + ": " + why, uri.getPath(), java.util.List.of(new ValidationFailed.Violation(field, why))));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Malformed request body", readable(e.getOriginalMessage()), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 404 && e.getCause() != null) {
            // a path or query parameter that cannot be read as its type (JAX-RS says 404; it is the client's input)
            return respond(Problem.of(400, "Bad Request", "a path or query parameter cannot be read: "
                    + readable(rootMessage(e.getCause())), uri.getPath()));
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = status == 400 && e.getCause() != null ? readable(rootMessage(e.getCause())) : e.getMessage();
        return respond(Problem.of(status, type.getReasonPhrase(), detail, uri.getPath()));
    }

    private static final java.util.regex.Pattern JAVA_TYPE = java.util.regex.Pattern.compile("`([\\w.$]+)`");

    /** A parser's message without Java's names for types ({@code `java.util.UUID`} becomes {@code UUID}). */
    public static String readable(String message) {
        if (message == null) {
            return "the request cannot be read";
        }
        String m = JAVA_TYPE.matcher(message).replaceAll(r -> {
            String t = r.group(1);
            return java.util.regex.Matcher.quoteReplacement(t.substring(Math.max(t.lastIndexOf('.'), t.lastIndexOf('$')) + 1));
        }).replaceAll("\\(class [\\w.$]+\\)", "").replaceAll("(?s)\\s+at \\[Source.*", "")
                .replaceAll("\\[simple type, class (?:[\\w]+\\.)*(?:[\\w]+\\$)?([\\w]+)\\]", "$1")
                .replaceAll("\\bclass (?:[\\w]+\\.)+(?:[\\w]+\\$)?([\\w]+)", "$1");
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        var refusal = org.dunning.platform.persistence.DatabaseErrors.refusal(e);
        if (refusal.isPresent()) {
            // a limit the domain's rules missed: still the client's input, still a 4xx with the field
            LOG.warnf("the database refused the input on %s: %s", uri.getPath(), refusal.get().getMessage());
            return refusal.get() instanceof Conflict c ? conflict(c, uri) : validation((ValidationFailed) refusal.get(), uri);
        }
        if (unavailable(e)) {
            // the database or the broker is away for a moment: the client may send the same request again
            LOG.warnf("unavailable on %s: %s", uri.getPath(), e.toString());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "2")
                    .entity(Problem.of(503, "Service unavailable", "The database is not reachable right now. Retry in a "
                            + "moment: a create with the same Idempotency-Key, or a change with its If-Match, is safe to "
                            + "send again.", uri.getPath())).build();
        }
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(Problem.of(500, "Internal error", "The request could not be completed.", uri.getPath()));
    }

    /** A lost or refused connection, or a database that is starting up or shutting down: transient. */
    static boolean unavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof io.vertx.sqlclient.ClosedConnectionException
                    || c instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (c instanceof io.vertx.pgclient.PgException p && p.getSqlState() != null
                    && (p.getSqlState().startsWith("08") || p.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return c.getMessage() == null ? "the request cannot be read" : c.getMessage();
    }

    public static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
