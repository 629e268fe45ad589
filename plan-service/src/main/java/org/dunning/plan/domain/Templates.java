package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.Violations;
import org.dunning.templates.Languages;
import org.dunning.templates.TemplateRenderer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The template decider (R2.6): e-mail templates (subject and HTML body) and letter templates (HTML body, optional
 * subject line), one variant per language. A template naming an unknown placeholder is refused when saved.
 */
public final class Templates {

    public static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final int MAX_SUBJECT = 250;
    public static final int MAX_BODY = 100_000;
    /** A text message's template (R8.2): ten parts of a GSM text at most, with room for the placeholders. */
    public static final int MAX_SMS_BODY = 1_000;
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    public record Content(String key, TemplateKind kind, String name, List<TemplateVariant> variants) {
    }

    public record Create(UUID templateId, Content content) {
    }

    public record Revise(Content content) {
    }

    public record Archive() {
    }

    public record State(long version, UUID templateId, String key, TemplateKind kind, String name,
                        List<TemplateVariant> variants, boolean archived) {
        public static final State NONE = new State(0, null, null, null, null, List.of(), false);
    }

    /** {@code keyTaken}: another template of the tenant has this key already (checked by the caller). */
    public static List<PlanEvent> decide(Create c, State state, boolean keyTaken) {
        if (state.version() > 0) {
            throw new Conflict("template " + c.templateId() + " exists already");
        }
        Content v = validate(c.content(), null, keyTaken);
        return List.of(new PlanEvent.TemplateCreated(c.templateId(), v.key(), v.kind(), v.name(), v.variants()));
    }

    public static List<PlanEvent> decide(Revise c, State state) {
        if (state.archived()) {
            throw new Conflict("template " + state.templateId() + " is archived");
        }
        Content v = validate(c.content(), state, false);
        if (v.name().equals(state.name()) && v.variants().equals(state.variants())) {
            return List.of();
        }
        return List.of(new PlanEvent.TemplateRevised(state.templateId(), state.key(), state.kind(), v.name(),
                v.variants()));
    }

    /** Archives the template; the caller has checked that no active plan names it. */
    public static List<PlanEvent> decide(Archive c, State state) {
        return state.archived() ? List.of() : List.of(new PlanEvent.TemplateArchived(state.templateId(), state.key()));
    }

    public static State evolve(State s, PlanEvent e) {
        if (e instanceof PlanEvent.TemplateCreated c) {
            return new State(s.version() + 1, c.templateId(), c.key(), c.kind(), c.name(), c.variants(), false);
        }
        if (e instanceof PlanEvent.TemplateRevised r) {
            return new State(s.version() + 1, r.templateId(), r.key(), r.kind(), r.name(), r.variants(), false);
        }
        if (e instanceof PlanEvent.TemplateArchived) {
            return new State(s.version() + 1, s.templateId(), s.key(), s.kind(), s.name(), s.variants(), true);
        }
        throw new IllegalArgumentException("not a template event: " + e);
    }

    public static State replay(List<PlanEvent> events) {
        State s = State.NONE;
        for (PlanEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    /** The variant for a language: that language, else English, else the first one. */
    public static TemplateVariant variant(List<TemplateVariant> variants, String language) {
        String chosen = Languages.choose(variants.stream().map(TemplateVariant::language).toList(), language);
        return variants.stream().filter(x -> x.language().equals(chosen)).findFirst().orElseThrow();
    }

    private static Content validate(Content c, State current, boolean keyTaken) {
        Violations v = new Violations();
        if (c == null) {
            v.check(false, "body", "required").throwIfAny();
        }
        String key = c.key() == null ? null : c.key().trim();
        if (current == null) {
            v.check(key != null && KEY.matcher(key).matches(), "key",
                    "required: lower-case letters, digits and '-', at most 63 characters, e.g. friendly-reminder");
            v.check(!keyTaken, "key", "another template of this tenant has the key '" + key + "'");
            v.check(c.kind() != null, "kind", "one of EMAIL, LETTER, SMS");
        } else {
            v.check(key == null || key.equals(current.key()), "key", "cannot change (it is '" + current.key() + "')");
            v.check(c.kind() == null || c.kind() == current.kind(), "kind",
                    "cannot change (it is " + current.kind() + ")");
            key = current.key();
        }
        TemplateKind kind = current == null ? c.kind() : current.kind();
        String name = c.name() == null ? null : c.name().trim();
        v.check(name != null && !name.isEmpty() && name.length() <= Plans.MAX_NAME, "name",
                "required, at most " + Plans.MAX_NAME + " characters");
        List<TemplateVariant> in = c.variants() == null ? List.of() : c.variants();
        v.check(!in.isEmpty(), "variants", "at least one language");
        Set<String> seen = new HashSet<>();
        List<TemplateVariant> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String at = "variants[" + i + "]";
            TemplateVariant x = in.get(i);
            if (x == null) {
                v.check(false, at, "required");
                continue;
            }
            String language = x.language() == null ? null : x.language().trim().toLowerCase(Locale.ROOT);
            v.check(language != null && LANGUAGES.contains(language), at + ".language",
                    "an ISO 639-1 language code, e.g. de or en");
            v.check(language == null || seen.add(language), at + ".language", "appears twice");
            String subject = x.subject() == null || x.subject().isBlank() ? null : x.subject().trim();
            v.check(kind != TemplateKind.EMAIL || subject != null, at + ".subject", "required for an e-mail");
            checkText(v, at + ".", kind, subject, x.body());
            out.add(new TemplateVariant(language, subject, x.body()));
        }
        v.throwIfAny();
        return new Content(key, kind, name, List.copyOf(out));
    }

    /**
     * The checks of a subject and a body of this kind, saved or a draft: their lengths, that a text message has no
     * subject (R8.2), and that they render (placeholders, syntax); the fields are named after {@code at}.
     */
    public static Violations checkText(Violations v, String at, TemplateKind kind, String subject, String body) {
        int max = kind == TemplateKind.SMS ? MAX_SMS_BODY : MAX_BODY;
        v.check(subject == null || subject.length() <= MAX_SUBJECT, at + "subject",
                "at most " + MAX_SUBJECT + " characters");
        v.check(kind != TemplateKind.SMS || subject == null, at + "subject", "a text message has no subject");
        v.check(body != null && !body.isBlank() && body.length() <= max, at + "body",
                "required, at most " + max + " characters");
        if (body != null && !body.isBlank()) {
            for (TemplateRenderer.Problem p : kind == TemplateKind.SMS ? TemplateRenderer.checkText(body)
                    : TemplateRenderer.check(subject, body)) {
                v.check(false, at + p.part(), p.message());
            }
        }
        return v;
    }

    private Templates() {
    }
}
