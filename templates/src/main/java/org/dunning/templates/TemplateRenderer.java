package org.dunning.templates;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks and renders message templates with Qute. A template is a subject (plain text) and an HTML body; both may
 * use the placeholders of {@link Placeholders} and the sections {@code {#if}}, {@code {#for}} and {@code {#each}}.
 * Values are HTML-escaped in the body. The same class serves plan-service (check on save, preview) and
 * notification-service (sending), so what a user previews is what a customer receives.
 */
public final class TemplateRenderer {

    /** A problem found in a template: which part ({@code subject} or {@code body}) and what is wrong. */
    public record Problem(String part, String message) {
    }

    public record Rendered(String subject, String html) {
    }

    /** Raised when a template cannot be rendered (it was not checked, or the data is incomplete). */
    public static final class RenderFailed extends RuntimeException {
        RenderFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Set<String> SECTIONS = Set.of("if", "for", "each");
    private static final Set<String> LIST_PROPERTIES = Set.of("size", "isEmpty", "empty");
    private static final Set<String> LOOP_METADATA = Set.of("count", "index", "hasNext", "isFirst", "isLast", "odd",
            "even", "isOdd", "isEven");
    private static final String HTML = "text/html";
    private static final Variant HTML_VARIANT = Variant.forContentType(HTML);

    private static final Engine ENGINE = Engine.builder().addDefaults()
            .addResultMapper(new HtmlEscaper(List.of(HTML)))
            .strictRendering(true)
            .build();

    /** Every problem of a template; empty when it is fine. The subject may be null for letters. */
    public static List<Problem> check(String subject, String body) {
        List<Problem> problems = new ArrayList<>();
        if (subject != null) {
            check("subject", subject, null, problems);
        }
        check("body", body == null ? "" : body, HTML_VARIANT, problems);
        return problems;
    }

    /** Every problem of a text message's template (R8.2): plain text, no HTML escaping. */
    public static List<Problem> checkText(String body) {
        List<Problem> problems = new ArrayList<>();
        check("body", body == null ? "" : body, null, problems);
        return problems;
    }

    /** Renders a text message's template against the data: plain text, surrounding white space dropped. */
    public static String renderText(String body, MessageData data) {
        return render(parse(body, null), MessageModel.of(data)).strip();
    }

    /** Renders the subject (plain, one line) and the HTML body against the data. */
    public static Rendered render(String subject, String body, MessageData data) {
        Map<String, Object> model = MessageModel.of(data);
        String renderedSubject = subject == null ? "" : render(parse(subject, null), model)
                .replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return new Rendered(renderedSubject, render(parse(body, HTML_VARIANT), model));
    }

    private static String render(Template t, Map<String, Object> model) {
        try {
            return t.data(model).render();
        } catch (TemplateException e) {
            throw new RenderFailed("template cannot be rendered: " + e.getMessage(), e);
        }
    }

    /** How many parsed templates are kept (each a subject or a body of one tenant's template version). */
    static final int PARSED_KEPT = 1024;

    private record Source(String content, boolean html) {
    }

    /**
     * Templates parsed once and rendered many times: keyed by their text, so a tenant's template version is parsed
     * once however many e-mails it renders (a Qute template renders concurrently); the least recently used go first.
     */
    private static final Map<Source, Template> PARSED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Source, Template> eldest) {
                    return size() > PARSED_KEPT;
                }
            });

    private static Template parse(String content, Variant variant) {
        Source source = new Source(content, variant != null);
        Template parsed = PARSED.get(source);
        if (parsed != null) {
            return parsed;
        }
        try {
            parsed = variant == null ? ENGINE.parse(content) : ENGINE.parse(content, variant);
        } catch (TemplateException e) {
            throw new RenderFailed("template cannot be parsed: " + e.getMessage(), e);
        }
        PARSED.put(source, parsed);
        return parsed;
    }

    private static void check(String part, String content, Variant variant, List<Problem> problems) {
        Template t;
        try {
            t = variant == null ? ENGINE.parse(content) : ENGINE.parse(content, variant);
        } catch (TemplateException e) {
            problems.add(new Problem(part, "does not parse: " + e.getMessage()));
            return;
        }
        Map<String, Placeholders.Shape> scope = new HashMap<>(Placeholders.ROOT.fields());
        for (SectionBlock b : t.getRootNode().getBlocks()) {
            b.nodes.forEach(n -> node(part, n, scope, problems));
        }
    }

    private static void node(String part, TemplateNode n, Map<String, Placeholders.Shape> scope,
                             List<Problem> problems) {
        if (n.isExpression()) {
            n.getExpressions().forEach(e -> expression(part, e, scope, problems));
            return;
        }
        if (!n.isSection()) {
            return;
        }
        SectionNode s = n.asSection();
        if (!SECTIONS.contains(s.getName())) {
            problems.add(new Problem(part, "line " + s.getOrigin().getLine() + ": the section {#" + s.getName()
                    + "} is not supported (use {#if}, {#for} or {#each})"));
            return;
        }
        for (SectionBlock b : s.getBlocks()) {
            Map<String, Placeholders.Shape> inner = scope;
            if (!"if".equals(s.getName()) && b.expressions.containsKey("iterable")) {
                Expression iterable = b.expressions.get("iterable");
                Placeholders.Shape shape = expression(part, iterable, scope, problems);
                if (shape != null && !(shape instanceof Placeholders.ListOf)) {
                    problems.add(new Problem(part, "line " + iterable.getOrigin().getLine() + ": {"
                            + iterable.toOriginalString() + "} is not a list"));
                }
                String alias = b.parameters.getOrDefault("alias", "it");
                alias = alias.startsWith("$") ? "it" : alias;
                inner = new HashMap<>(scope);
                inner.put(alias, shape instanceof Placeholders.ListOf l ? l.element() : new Placeholders.Leaf(""));
                for (String meta : LOOP_METADATA) {
                    inner.put(alias + "_" + meta, new Placeholders.Leaf(""));
                }
            } else {
                b.expressions.values().forEach(e -> expression(part, e, scope, problems));
            }
            for (TemplateNode child : b.nodes) {
                node(part, child, inner, problems);
            }
        }
    }

    /** The shape an expression stands for, or null (and a problem) when it names something unknown. */
    private static Placeholders.Shape expression(String part, Expression e, Map<String, Placeholders.Shape> scope,
                                                 List<Problem> problems) {
        if (e.isLiteral()) {
            return new Placeholders.Leaf("literal");
        }
        String at = "line " + e.getOrigin().getLine() + ": {" + e.toOriginalString() + "}";
        if (e.hasNamespace()) {
            problems.add(new Problem(part, at + " uses a namespace; only the listed placeholders are allowed"));
            return null;
        }
        Placeholders.Shape shape = null;
        String path = "";
        for (Expression.Part p : e.getParts()) {
            if (p.isVirtualMethod()) {
                problems.add(new Problem(part, at + " calls a method; only the listed placeholders are allowed"));
                return null;
            }
            String name = p.getName();
            Placeholders.Shape next;
            if (shape == null) {
                next = scope.get(name);
            } else if (shape instanceof Placeholders.Obj o) {
                next = o.fields().get(name);
            } else if (shape instanceof Placeholders.ListOf && LIST_PROPERTIES.contains(name)) {
                next = new Placeholders.Leaf(name);
            } else {
                next = null;
            }
            path = path.isEmpty() ? name : path + "." + name;
            if (next == null) {
                problems.add(new Problem(part, at + ": unknown placeholder " + path));
                return null;
            }
            shape = next;
        }
        return shape;
    }

    private TemplateRenderer() {
    }
}
