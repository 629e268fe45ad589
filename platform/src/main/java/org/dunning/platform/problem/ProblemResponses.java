package org.dunning.platform.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds to every operation of a service's OpenAPI document the problem+json answers {@link ProblemMappers} gives, so
 * a client generated from the document knows them: what every operation can answer (400 for a parameter that cannot
 * be read, 406, 503 with Retry-After), and what follows from the operation's shape (404 where the path names a
 * resource, 413, 415 and 422 where it takes a body, 409 where it changes something, 412 where it takes If-Match).
 * Each answer has the {@code Problem} schema and an example. Runs at build, so the stored documents have them.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BOTH)
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;
    private static final String EXAMPLE_ID = "7c1f6f2e-2a4b-4c39-9a53-0b3f1d0b6b0e";

    /** The answers, in the order of their status codes. */
    enum Answer {
        BAD_REQUEST(400, "Bad Request", "A path or query parameter, a header or the body cannot be read.",
                "a path or query parameter cannot be read: Invalid UUID string: 12"),
        NOT_FOUND(404, "Not found", "The resource the path names does not exist for this tenant.",
                "invoice " + EXAMPLE_ID + " not found"),
        NOT_ACCEPTABLE(406, "Not Acceptable", "The Accept header names no type this operation answers with.",
                "HTTP 406 Not Acceptable"),
        CONFLICT(409, "Conflict", "The change conflicts with the resource's state (a duplicate, another change that "
                + "won, an Idempotency-Key used for a different request).",
                "an invoice with number A-1001 exists for this tenant"),
        PRECONDITION_FAILED(412, "Precondition failed", "If-Match names a version the resource no longer has: read it "
                + "again and decide anew.", "task " + EXAMPLE_ID + " is at version 4, not 3: reload it and retry"),
        TOO_LARGE(413, "Content too large", "The body is larger than the service accepts.",
                "the request body has 2097152 bytes; at most 1048576 are taken"),
        UNSUPPORTED(415, "Unsupported Media Type", "The body is not application/json.",
                "HTTP 415 Unsupported Media Type"),
        VALIDATION(422, "Validation failed", "The body breaks a rule; each field and its reason are in errors[].",
                "amount: must be positive"),
        UNAVAILABLE(503, "Service unavailable", "The database is not reachable right now; retry after the seconds "
                + "Retry-After gives (a create with the same Idempotency-Key, or a change with its If-Match, is safe "
                + "to send again).", "The database is not reachable right now. Retry in a moment.");

        final int status;
        final String title;
        final String description;
        final String detail;

        Answer(int status, String title, String description, String detail) {
            this.status = status;
            this.title = title;
            this.description = description;
            this.detail = detail;
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            APIResponses responses = operation.getResponses() != null ? operation.getResponses()
                    : OASFactory.createAPIResponses();
            operation.setResponses(responses);
            for (Answer answer : answersOf(path, method, item, operation)) {
                String code = String.valueOf(answer.status);
                var given = responses.getAPIResponse(code);
                if (given == null || given.getContent() == null) {
                    // none, or the scanner's bare "Bad Request": the problem the service answers with
                    responses.addAPIResponse(code, response(answer, path));
                }
            }
        }));
    }

    /** The answers an operation of this shape can give (see the class comment). */
    static List<Answer> answersOf(String path, PathItem.HttpMethod method, PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean body = operation.getRequestBody() != null;
        boolean names = path.contains("{");
        boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD
                && method != PathItem.HttpMethod.OPTIONS;
        boolean ifMatch = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.HEADER
                && "If-Match".equalsIgnoreCase(p.getName()));
        List<Answer> answers = new ArrayList<>();
        answers.add(Answer.BAD_REQUEST);
        if (names) {
            answers.add(Answer.NOT_FOUND);
        }
        answers.add(Answer.NOT_ACCEPTABLE);
        if (changes) {
            answers.add(Answer.CONFLICT);
        }
        if (ifMatch) {
            answers.add(Answer.PRECONDITION_FAILED);
        }
        if (body) {
            answers.add(Answer.TOO_LARGE);
            answers.add(Answer.UNSUPPORTED);
        }
        if (body || changes) {
            answers.add(Answer.VALIDATION);
        }
        answers.add(Answer.UNAVAILABLE);
        return answers;
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse response(Answer answer, String path) {
        String instance = path.replaceAll("\\{[^}]+}", EXAMPLE_ID);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", answer == Answer.VALIDATION ? "urn:dunning:problem:validation" : "about:blank");
        example.put("title", answer.title);
        example.put("status", answer.status);
        example.put("detail", answer.detail);
        example.put("instance", instance);
        if (answer == Answer.VALIDATION) {
            Map<String, Object> violation = new LinkedHashMap<>(); // ordered, so every build writes the same document
            violation.put("field", "amount");
            violation.put("message", "must be positive");
            example.put("errors", List.of(violation));
        }
        var media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))
                .addExample(answer.name().toLowerCase(java.util.Locale.ROOT),
                        OASFactory.createExample().summary(answer.title).value(example));
        var response = OASFactory.createAPIResponse().description(answer.description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media));
        if (answer == Answer.UNAVAILABLE) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("seconds to wait")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return response;
    }

    private static Schema problemSchema() {
        Schema violation = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", string("the field, as a path into the body (contacts[0].email)"))
                .addProperty("message", string("what is wrong with it"))
                .required(List.of("field", "message"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, as application/problem+json.")
                .addProperty("type", string("about:blank, or urn:dunning:problem:validation for a broken rule"))
                .addProperty("title", string("the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("the HTTP status"))
                .addProperty("detail", string("what went wrong with this request; never a database statement"))
                .addProperty("instance", string("the request's path"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(violation)
                        .description("each field that breaks a rule (422, and 400 for a body that cannot be read)"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
