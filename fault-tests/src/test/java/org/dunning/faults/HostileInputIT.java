package org.dunning.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;
import org.dunning.infra.DevTokens;
import org.dunning.launcher.DunningSystem;
import org.dunning.launcher.Lag;
import org.dunning.launcher.DunningSystem.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at volume against the five packaged services (ARCHITECTURE.md invariants 8 and 9, R6.1, R6.2): over
 * REST, requests made from each service's OpenAPI document that are all invalid (see {@link HostileRest}); on the
 * inbound topic, malformed facts interleaved with valid ones. Every REST answer must be a 4xx problem+json naming
 * what is wrong and change nothing (the state of the tenant, and of another tenant whose ids are used, is compared
 * before and after each operation); every malformed fact must land in the dead-letter topic with its reason, every
 * valid one be applied once, and the consumer go on.
 */
class HostileInputIT {

    static final long SEED = Long.getLong("hostile.seed", new Random().nextLong());
    /** {@code -Dhostile.attach=true}: against a running {@code ./dunning up} (the documented ports) instead. */
    static final boolean ATTACH = Boolean.getBoolean("hostile.attach");
    static DunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        if (ATTACH) {
            return;
        }
        Path home = Path.of(System.getProperty("dunning.home", "..")).toAbsolutePath().normalize();
        system = DunningSystem.start(new DunningSystem.Options(home, Files.createTempDirectory("dunning-hostile-"),
                false, false, "prod,demo"));
    }

    static String url(String service) {
        return ATTACH ? "http://127.0.0.1:" + DunningSystem.service(service).port() : system.url(service);
    }

    static String kafka() {
        return ATTACH ? "127.0.0.1:19092" : system.infrastructure().kafka().bootstrapServers();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** A tenant with one of everything, made over REST; the ids by kind. */
    record Tenant(String id, Api api, Map<String, String> ids) {
    }

    static Tenant tenant(String name, boolean withKeys) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = new Api(DevTokens.token(id, Set.of("user", "admin"), Duration.ofHours(2)));
        Map<String, String> ids = new LinkedHashMap<>();
        String invoices = url("invoice-service");
        String plans = url("plan-service");
        String followup = url("followup-service");
        Duration patience = Duration.ofMinutes(1);
        ids.put("customer", api.reliably("POST", invoices + "/customers", Map.of("name", "Berg GmbH", "language", "de",
                "segment", "hostile", "contacts", List.of(Map.of("name", "Anna Berg", "email", "anna@" + id + ".example",
                        "role", "accounting"))), keys(withKeys, "hostile-c"), patience, 201).get("id").asText());
        ids.put("invoice", api.reliably("POST", invoices + "/invoices", Map.of("customerId", ids.get("customer"),
                "number", "H-1", "issueDate", "2026-11-02", "dueDate", "2026-11-16", "currency", "EUR", "amount",
                "100.00"), keys(withKeys, "hostile-i"), patience, 201).get("id").asText());
        ids.put("creditnote", api.reliably("POST", invoices + "/credit-notes", Map.of("customerId", ids.get("customer"),
                "number", "GS-1", "issueDate", "2026-11-20", "currency", "EUR", "amount", "10.00"),
                keys(withKeys, "hostile-n"), patience, 201).get("id").asText());
        api.reliably("POST", plans + "/starter-kit", null, Map.of(), patience, 200, 201);
        ids.put("template", api.reliably("POST", plans + "/templates", Map.of("key", "hostile", "kind", "EMAIL", "name",
                "Hostile", "variants", List.of(Map.of("language", "de", "subject", "Erinnerung {invoice.number}",
                        "body", "Guten Tag {contact.name}"))), keys(withKeys, "hostile-t"), patience, 201)
                .get("id").asText());
        ids.put("plan", api.reliably("POST", plans + "/plans", Map.of("name", "Hostile", "planType",
                "ESCALATION_PER_INVOICE", "steps", List.of(Map.of("name", "First", "action", "AUTO_EMAIL",
                        "templateKey", "hostile", "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER",
                                "days", 3)))), keys(withKeys, "hostile-p"), patience, 201).get("id").asText());
        // follow-up learns the customer from the invoice topic a moment later
        ids.put("task", FaultSuiteIT.awaitValue("follow-up knows the customer", Duration.ofMinutes(1), () -> {
            try {
                return api.send("POST", followup + "/tasks", Map.of("title", "Check", "customerId", ids.get("customer"),
                        "invoiceIds", List.of(ids.get("invoice")), "dueDate", "2026-12-15"), keys(withKeys, "hostile-k"));
            } catch (java.io.IOException e) {
                return null;
            }
        }, a -> a != null && a.status() == 201).body().get("id").asText());
        api.reliably("POST", followup + "/contacts", Map.of("customerId", ids.get("customer"), "channel", "CALL",
                "contactedOn", "2026-11-20"), keys(withKeys, "hostile-x"), patience, 201);
        return new Tenant(id, api, ids);
    }

    static Map<String, String> keys(boolean withKeys, String key) {
        return withKeys ? Map.of("Idempotency-Key", key) : Map.of();
    }

    /** Everything a tenant can read of its state, by URL. */
    static Map<String, String> state(Tenant t) {
        Map<String, String> ids = t.ids();
        String c = ids.get("customer");
        String i = ids.get("invoice");
        List<String> urls = List.of(
                "invoice-service:/customers?size=500", "invoice-service:/customers?archived=true&size=500",
                "invoice-service:/invoices?size=500&status=OPEN,PARTIALLY_PAID,PAID,CANCELLED,WRITTEN_OFF",
                "invoice-service:/invoices/" + i + "/history", "invoice-service:/customers/" + c + "/balance",
                "invoice-service:/credit-notes/" + ids.get("creditnote"),
                "plan-service:/plans?size=500", "plan-service:/plans?archived=true&size=500",
                "plan-service:/templates?size=500", "plan-service:/templates?archived=true&size=500",
                "plan-service:/settings", "plan-service:/automation", "plan-service:/segments",
                "plan-service:/customers/" + c + "/plans", "plan-service:/customers/" + c + "/automation",
                "plan-service:/invoices/" + i + "/automation", "plan-service:/plans/" + ids.get("plan") + "/history",
                "plan-service:/templates/" + ids.get("template") + "/history",
                "escalation-service:/forecast?from=2026-06-01T00:00:00Z&to=2027-05-31T00:00:00Z",
                "escalation-service:/invoices/" + i + "/schedule", "escalation-service:/customers/" + c + "/checks",
                "notification-service:/emails?size=500", "notification-service:/letters?size=500",
                "followup-service:/tasks?size=500&status=OPEN", "followup-service:/tasks?size=500&status=DONE",
                "followup-service:/tasks?size=500&status=DISMISSED",
                "followup-service:/customers/" + c + "/timeline?size=500",
                "followup-service:/invoices/" + i + "/timeline?size=500");
        Map<String, String> state = new TreeMap<>();
        for (String u : urls) {
            String[] parts = u.split(":", 2);
            state.put(u, t.api().get(url(parts[0]) + parts[1]).toString());
        }
        return state;
    }

    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
    }

    @Test
    void everyHostileRequestIsRefusedWithAProblemAndChangesNothing() throws Exception {
        Tenant mine = tenant("hostile", true);
        Tenant other = tenant("hostile-other", false);
        Api.sleep(2000); // the outcomes of the set-up reach every projection
        Map<String, String> before = state(mine);
        Map<String, String> theirsBefore = state(other);
        HostileRest attack = new HostileRest(DevTokens.token(mine.id(), Set.of("user", "admin"), Duration.ofHours(2)),
                new HostileRest.Ids(mine.ids(), other.ids(), Map.of("/customers", "hostile-c", "/invoices", "hostile-i",
                        "/credit-notes", "hostile-n", "/templates", "hostile-t", "/plans", "hostile-p", "/tasks",
                        "hostile-k", "/contacts", "hostile-x")), SEED);
        List<String> changedBy = new ArrayList<>();
        for (Service s : DunningSystem.SERVICES) {
            int from = attack.outcomes.size();
            attack.attack(s.name(), url(s.name()));
            System.out.printf("HOSTILE %s: %d requests%n", s.name(), attack.outcomes.size() - from);
        }
        Api.sleep(3000); // anything a request let through would reach the projections by now
        Map<String, String> after = state(mine);
        Map<String, String> theirsAfter = state(other);
        changedBy.addAll(changed(before, after));
        changedBy.addAll(changed(theirsBefore, theirsAfter).stream().map(u -> "another tenant's " + u).toList());

        List<HostileRest.Outcome> outcomes = attack.outcomes;
        long fourXX = outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).count();
        long fiveXX = outcomes.stream().filter(o -> o.status() >= 500).count();
        List<HostileRest.Outcome> wrong = outcomes.stream().filter(o -> !o.problem()).toList();
        List<HostileRest.Outcome> hugeNot413 = outcomes.stream().filter(o -> o.mutation().equals("body of 3 MB")
                && o.status() != 413).toList();
        Map<Integer, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(HostileRest.Outcome::status,
                TreeMap::new, Collectors.counting()));
        System.out.printf("%nHOSTILE REST seed %d: requests %d, 4xx %d, 5xx %d, not a 4xx problem %d, state changed %d;"
                + " by status %s%n", SEED, outcomes.size(), fourXX, fiveXX, wrong.size(), changedBy.size(), byStatus);
        wrong.stream().limit(400).forEach(o -> System.out.printf("  %s %s [%s] -> %d %s %s%n", o.service(),
                o.operation(), o.mutation(), o.status(), o.contentType(), HostileRest.abbreviate(String.valueOf(o.body()))));
        changedBy.forEach(u -> System.out.printf("  changed: %s%n", u));
        System.out.printf("BENCH hostile.rest.requests %d count%nBENCH hostile.rest.5xx %d count%n"
                + "BENCH hostile.rest.state-changed %d count%n", outcomes.size(), fiveXX, changedBy.size());

        assertThat(outcomes.size()).as("hostile requests").isGreaterThanOrEqualTo(1000);
        assertThat(fiveXX).as("5xx answers").isZero();
        assertThat(wrong).as("answers that are not a 4xx problem naming what is wrong").isEmpty();
        assertThat(hugeNot413).as("bodies too large not answered 413").isEmpty();
        assertThat(changedBy).as("state changed").isEmpty();
    }

    @Test
    void malformedFactsAreDeadLetteredWithTheirReasonAndTheValidOnesAppliedOnce() throws Exception {
        Tenant mine = tenant("inbound", false);
        Random random = new Random(SEED);
        String t = mine.id();
        List<String> valid = new ArrayList<>();
        List<String> validKeys = new ArrayList<>();
        Map<String, String> malformed = new LinkedHashMap<>(); // value -> key
        int customers = 20;
        for (int c = 0; c < customers; c++) {
            valid.add(fact("CustomerUpserted", t, "C" + c, Map.of("name", "Kunde " + c, "language", "de")));
            validKeys.add(t + "/C" + c);
            for (int i = 0; i < 4; i++) {
                valid.add(fact("InvoiceUpserted", t, "I" + c + "-" + i, Map.of("customerExternalId", "C" + c,
                        "number", "K-" + c + "-" + i, "issueDate", "2026-11-01", "dueDate", "2026-11-15",
                        "currency", "EUR", "amount", 10 + i)));
                validKeys.add(t + "/C" + c);
            }
        }
        List<java.util.function.IntFunction<String>> kinds = malformedKinds(t);
        for (int n = 0; malformed.size() < 1000; n++) {
            int kind = n % kinds.size();
            String value = kinds.get(kind).apply(n);
            // the last kind is a valid fact under another tenant's key; others go under either key now and then
            boolean foreign = kind == kinds.size() - 1 || n % 7 == 0;
            malformed.put(value, (foreign ? "other-" + t : t) + "/C" + (n % customers));
        }
        // interleave: each customer's valid facts keep their order, the malformed ones fall between them
        List<String[]> records = new ArrayList<>();
        List<Map.Entry<String, String>> bad = new ArrayList<>(malformed.entrySet());
        int b = 0;
        for (int v = 0; v < valid.size(); v++) {
            records.add(new String[] {validKeys.get(v), valid.get(v)});
            int between = (bad.size() - b) / Math.max(1, valid.size() - v);
            for (int k = 0; k < between + (random.nextInt(3) == 0 ? 1 : 0) && b < bad.size(); k++, b++) {
                records.add(new String[] {bad.get(b).getValue(), bad.get(b).getKey()});
            }
        }
        for (; b < bad.size(); b++) {
            records.add(new String[] {bad.get(b).getValue(), bad.get(b).getKey()});
        }
        Lag kafka = new Lag(kafka());
        int deadBefore = kafka.deadLetters(List.of(Topics.INVOICE_INBOUND_DLQ)).size();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000),
                new StringSerializer(), new StringSerializer())) {
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, r[0], r[1]));
            }
            producer.flush();
        }
        String invoices = url("invoice-service");
        List<JsonNode> applied = FaultSuiteIT.awaitValue("the valid invoices applied", Duration.ofMinutes(3),
                () -> mine.api().all(invoices + "/invoices"), l -> l.size() >= customers * 4);
        List<Lag.DeadLetter> dead = FaultSuiteIT.awaitValue("the malformed facts dead-lettered", Duration.ofMinutes(3),
                () -> kafka.deadLetters(List.of(Topics.INVOICE_INBOUND_DLQ)), l -> l.size() - deadBefore >= malformed.size());
        Api.sleep(2000);
        applied = mine.api().all(invoices + "/invoices");
        List<JsonNode> appliedCustomers = mine.api().all(invoices + "/customers");
        dead = kafka.deadLetters(List.of(Topics.INVOICE_INBOUND_DLQ)).subList(deadBefore,
                kafka.deadLetters(List.of(Topics.INVOICE_INBOUND_DLQ)).size());
        Set<String> deadValues = dead.stream().map(Lag.DeadLetter::value).collect(Collectors.toSet());
        long missing = malformed.keySet().stream().filter(v -> !deadValues.contains(v)).count();
        long validDead = dead.stream().filter(d -> valid.contains(d.value())).count();
        long withoutReason = dead.stream().filter(d -> d.reason() == null || d.reason().isBlank()).count();
        long sqlReasons = dead.stream().filter(d -> d.reason() != null && d.reason().matches("(?is).*\\b(insert|select|update)\\b.*")).count();
        // the set-up made one customer and one invoice over REST; the facts made the rest
        applied = applied.stream().filter(i -> i.get("number").asText().startsWith("K-")).toList();
        appliedCustomers = appliedCustomers.stream().filter(c -> c.get("name").asText().startsWith("Kunde ")).toList();
        Set<String> numbers = new HashSet<>();
        applied.forEach(i -> numbers.add(i.get("number").asText()));
        // the consumer went on: everything read and committed
        long lag = FaultSuiteIT.awaitQuietly(Duration.ofMinutes(1), () -> kafka.of("invoice-service") == 0) ? 0
                : kafka.of("invoice-service");
        System.out.printf("%nHOSTILE inbound seed %d: facts %d (malformed %d, valid %d); dead-lettered %d (missing %d,"
                        + " valid among them %d, without reason %d, quoting SQL %d); applied customers %d, invoices %d;"
                        + " lag %d%n", SEED, records.size(), malformed.size(), valid.size(), dead.size(), missing,
                validDead, withoutReason, sqlReasons, appliedCustomers.size(), applied.size(), lag);
        dead.stream().collect(Collectors.groupingBy(d -> String.valueOf(d.reason()).replaceAll("[0-9a-f-]{8,}|\\d+", "#")
                        .replaceAll("(.{90}).*", "$1…"), TreeMap::new, Collectors.counting()))
                .forEach((reason, count) -> System.out.printf("  %5d  %s%n", count, reason));
        System.out.printf("BENCH hostile.inbound.malformed %d count%nBENCH hostile.inbound.missing-from-dlq %d count%n",
                malformed.size(), missing);

        assertThat(missing).as("malformed facts not in the dead-letter topic").isZero();
        // dead letters are written at least once (a rebalance may hand a poll over again): each malformed fact there
        assertThat(deadValues).as("distinct dead-lettered records").hasSize(malformed.size());
        assertThat(validDead).as("valid facts dead-lettered").isZero();
        assertThat(withoutReason).as("dead letters without a reason").isZero();
        assertThat(sqlReasons).as("reasons quoting SQL").isZero();
        assertThat(lag).as("inbound consumer lag").isZero();
        assertThat(appliedCustomers).hasSize(customers);
        assertThat(applied).hasSize(customers * 4);
        assertThat(numbers).hasSize(customers * 4);
    }

    static String fact(String kind, String tenant, String externalId, Map<String, Object> fields) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", kind);
        f.put("tenantId", tenant);
        f.put("sourceSystem", "erp");
        f.put("externalId", externalId);
        f.put("sourceVersion", 1);
        f.putAll(fields);
        return HostileRest.json(Api.JSON.valueToTree(f));
    }

    /** Kinds of malformed facts, each made unique by {@code n} so that it can be found in the dead-letter topic. */
    static List<java.util.function.IntFunction<String>> malformedKinds(String t) {
        Map<String, Object> invoice = Map.of("customerExternalId", "C1", "number", "M", "issueDate", "2026-11-01",
                "dueDate", "2026-11-15", "currency", "EUR", "amount", 10);
        return List.of(
                n -> "{not json " + n,
                n -> "[" + n + "]",
                n -> "\"just text " + n + "\"",
                n -> fact("InvoiceExploded", t, "bad-" + n, invoice),
                n -> fact("InvoiceUpserted", t, "bad-" + n, without(invoice, "number")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, without(invoice, "customerExternalId")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "amount", "a lot")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "amount", -5)),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "amount", new java.math.BigDecimal("1e400"))),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "dueDate", "2026-02-30")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "issueDate", "+999999-01-01")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "currency", "EURO")),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "number", "N\u0000" + n)),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "number", "n".repeat(5000) + n)),
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "customerExternalId", "nobody-" + n)),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", "x".repeat(300_000) + n, "language", "de")),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", "Kunde " + n, "language", "klingon")),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", List.of(n), "language", "de")),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", "Kunde " + n, "language", "de",
                        "billingAddress", Map.of("street", List.of("Hauptstraße " + n), "postalCode", "1011",
                                "city", "Berlin", "country", "DE"))),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", "Kunde " + n, "language", "de",
                        "billingAddress", Map.of("street", List.of("a", "b", "c", "d"), "postalCode", "10115",
                                "city", "Berlin", "country", "Deutschland " + n))),
                n -> fact("CustomerUpserted", t, "bad-" + n, Map.of("name", "Kunde " + n, "language", "de",
                        "billingAddress", "Hauptstraße " + n + ", 10115 Berlin")),
                n -> fact("PaymentReceived", t, "bad-" + n, Map.of("invoiceExternalId", "I1-0", "amount", 1e300,
                        "paidOn", "2026-11-20")),
                n -> fact("InvoiceCancelled", t, "bad-" + n, Map.of("reason", "no such invoice " + n)),
                n -> "{\"kind\":\"InvoiceUpserted\",\"tenantId\":null,\"externalId\":\"bad-" + n + "\"}",
                n -> "{\"kind\":\"InvoiceUpserted\",\"tenantId\":\"" + t + "\",\"sourceSystem\":\"erp\","
                        + "\"externalId\":\"bad-" + n + "\",\"sourceVersion\":\"one\"}",
                n -> fact("InvoiceUpserted", t, "bad-" + n, with(invoice, "number", "F-" + n)));
    }

    static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
