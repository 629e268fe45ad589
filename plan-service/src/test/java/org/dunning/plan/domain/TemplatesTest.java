package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template decider (R2.6): languages, subjects, placeholders checked on save, versions. */
class TemplatesTest {

    static final UUID ID = UUID.randomUUID();

    static Templates.Content email(TemplateVariant... variants) {
        return new Templates.Content("friendly-reminder", TemplateKind.EMAIL, "Friendly", List.of(variants));
    }

    static List<String> messages(Runnable r) {
        try {
            r.run();
        } catch (ValidationFailed e) {
            return e.violations().stream().map(v -> v.field() + ": " + v.message()).toList();
        }
        throw new AssertionError("no violation");
    }

    @Test
    void a_template_with_known_placeholders_is_created() {
        List<PlanEvent> events = Templates.decide(new Templates.Create(ID, email(
                new TemplateVariant("DE", "Rechnung {invoice.number}", "<p>{invoice.outstanding}</p>"),
                new TemplateVariant("en", "Invoice {invoice.number}", "<p>{invoice.outstanding}</p>"))),
                Templates.State.NONE, false);
        PlanEvent.TemplateCreated c = (PlanEvent.TemplateCreated) events.get(0);
        assertThat(c.variants()).extracting(TemplateVariant::language).containsExactly("de", "en");
        assertThat(Templates.replay(events).version()).isEqualTo(1);
    }

    @Test
    void unknown_placeholders_are_refused_naming_the_variant_part_and_line() {
        assertThat(messages(() -> Templates.decide(new Templates.Create(ID, email(
                        new TemplateVariant("de", "Rechnung {invoice.nummer}", "ok\n{kunde.name}"))),
                Templates.State.NONE, false))).containsExactly(
                "variants[0].subject: line 1: {invoice.nummer}: unknown placeholder invoice.nummer",
                "variants[0].body: line 2: {kunde.name}: unknown placeholder kunde");
    }

    @Test
    void key_kind_languages_and_subjects_are_checked() {
        assertThat(messages(() -> Templates.decide(new Templates.Create(ID, new Templates.Content("Bad Key", null, "",
                List.of(new TemplateVariant("xx", null, ""), new TemplateVariant(null, null, "b")))),
                Templates.State.NONE, true))).extracting(m -> m.substring(0, m.indexOf(':')))
                .containsExactly("key", "key", "kind", "name", "variants[0].language", "variants[0].body",
                        "variants[1].language");
        assertThat(messages(() -> Templates.decide(new Templates.Create(ID, email(
                new TemplateVariant("de", null, "x"), new TemplateVariant("de", "s", "y"))), Templates.State.NONE,
                false))).containsExactly("variants[0].subject: required for an e-mail",
                "variants[1].language: appears twice");
        Templates.Content letter = new Templates.Content("letter", TemplateKind.LETTER, "Letter",
                List.of(new TemplateVariant("de", null, "{customer.name}")));
        assertThat(Templates.decide(new Templates.Create(ID, letter), Templates.State.NONE, false)).hasSize(1);
    }

    @Test
    void a_text_message_template_has_no_subject_a_short_plain_body_and_known_placeholders() {
        Templates.Content ok = new Templates.Content("sms", TemplateKind.SMS, "SMS",
                List.of(new TemplateVariant("de", null, "{invoice.number}: {invoice.outstanding} offen <bitte zahlen>")));
        assertThat(Templates.decide(new Templates.Create(ID, ok), Templates.State.NONE, false)).hasSize(1);
        assertThat(messages(() -> Templates.decide(new Templates.Create(ID, new Templates.Content("sms",
                TemplateKind.SMS, "SMS", List.of(new TemplateVariant("de", "Betreff", "x".repeat(1001)),
                new TemplateVariant("en", null, "{invoice.nope}")))), Templates.State.NONE, false)))
                .containsExactly("variants[0].subject: a text message has no subject",
                        "variants[0].body: required, at most 1000 characters",
                        "variants[1].body: line 1: {invoice.nope}: unknown placeholder invoice.nope");
    }

    @Test
    void an_edit_keeps_key_and_kind_and_appends_a_version() {
        Templates.State v1 = Templates.replay(Templates.decide(new Templates.Create(ID, email(
                new TemplateVariant("de", "a", "b"))), Templates.State.NONE, false));
        List<PlanEvent> edit = Templates.decide(new Templates.Revise(new Templates.Content(null, null, "Friendly",
                List.of(new TemplateVariant("de", "a", "c")))), v1);
        assertThat(edit).singleElement().isInstanceOf(PlanEvent.TemplateRevised.class);
        Templates.State v2 = Templates.evolve(v1, edit.get(0));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.key()).isEqualTo("friendly-reminder");
        assertThat(Templates.decide(new Templates.Revise(new Templates.Content(null, null, "Friendly",
                List.of(new TemplateVariant("de", "a", "c")))), v2)).isEmpty();
        assertThat(messages(() -> Templates.decide(new Templates.Revise(new Templates.Content("other",
                TemplateKind.LETTER, "Friendly", List.of(new TemplateVariant("de", "a", "c")))), v2)))
                .extracting(m -> m.substring(0, m.indexOf(':'))).containsExactly("key", "kind");
        Templates.State archived = Templates.evolve(v2, Templates.decide(new Templates.Archive(), v2).get(0));
        assertThatThrownBy(() -> Templates.decide(new Templates.Revise(email(new TemplateVariant("de", "a", "b"))),
                archived)).isInstanceOf(Conflict.class);
    }

    @Test
    void the_variant_falls_back_to_english_then_the_first() {
        List<TemplateVariant> v = List.of(new TemplateVariant("de", "a", "b"), new TemplateVariant("en", "c", "d"));
        assertThat(Templates.variant(v, "de").language()).isEqualTo("de");
        assertThat(Templates.variant(v, "fr").language()).isEqualTo("en");
        assertThat(Templates.variant(List.of(new TemplateVariant("de", "a", "b")), "fr").language()).isEqualTo("de");
    }
}
