package org.dunning.faults;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.dunning.contract.Topics;
import org.dunning.infra.DevTokens;
import org.dunning.infra.Ports;
import org.dunning.launcher.DunningSystem;
import org.dunning.launcher.Lag;
import org.dunning.launcher.DunningSystem.Service;
import org.dunning.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system under faults (ARCHITECTURE.md invariants 1, 3, 4, 8; R4.2, R7.5). The five packaged services run
 * as processes on a real PostgreSQL, Kafka broker and SMTP server; while invoices are ingested (half REST, half
 * inbound facts) and while their reminders fire and are sent, every service is killed with {@code kill -9} and
 * restarted with the same command line, the broker is killed and restarted, PostgreSQL is stopped with an immediate
 * stop (a crash) and started again, and the SMTP line is cut. The order and moments come from a seed that is printed
 * ({@code -Dfaults.seed} replays a run; {@code -Dfaults.invoices} sets the size). Once the system is quiet it is
 * checked from the outside: every invoice once, every reminder fired once and none stuck, one message per reminder at
 * the SMTP server, nothing dead-lettered, every service healthy, every consumer group caught up.
 */
class FaultSuiteIT {

    static final long SEED = Long.getLong("faults.seed", new Random().nextLong());
    static final int INVOICES = Integer.getInteger("faults.invoices", 300);
    static final Set<String> GROUPS = DunningSystem.SERVICES.stream().map(Service::name).collect(Collectors.toSet());

    static DunningSystem system;
    static TcpProxy smtpLine;
    static Lag kafka;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("dunning.home", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("dunning-faults-");
        int smtpPort = Ports.free();
        smtpLine = new TcpProxy("127.0.0.1", smtpPort);
        Map<String, String> env = Map.of("QUARKUS_MAILER_PORT", String.valueOf(smtpLine.port()),
                // retries in seconds rather than minutes, and a conversation given up after 15 s rather than a
                // minute, so the suite stays short; the rules are the same
                "DUNNING_MAIL_FIRST_RETRY_AFTER", "PT2S", "DUNNING_MAIL_MAX_RETRY_AFTER", "PT5S",
                "DUNNING_MAIL_SEND_TIMEOUT", "PT15S");
        // persistent: PostgreSQL keeps its data in a folder of its own, so that it can be crashed and started again
        system = DunningSystem.start(new DunningSystem.Options(home, data, true, false, "prod,demo", smtpPort, env));
        kafka = new Lag(system.infrastructure().kafka().bootstrapServers());
        System.out.printf("%nFAULTS data in %s (logs in %s)%n", data, data.resolve("logs"));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (smtpLine != null) {
            smtpLine.close();
        }
    }

    /** One fault: what was done, when, how much work was in flight, and how long until things were well again. */
    static final class Fault {
        final String name;
        final Set<String> groups;
        final Runnable inject;
        final Runnable recover;
        String inFlight = "";
        Duration down = Duration.ZERO;
        Duration ready;
        final AtomicReference<Duration> caughtUp = new AtomicReference<>();

        Fault(String name, Set<String> groups, Runnable inject, Runnable recover) {
            this.name = name;
            this.groups = groups;
            this.inject = inject;
            this.recover = recover;
        }
    }

    final String tenant = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    final Api api = new Api(DevTokens.token(tenant, Set.of("user", "admin"), Duration.ofHours(6)));
    final Random random = new Random(SEED);
    final List<Fault> done = new ArrayList<>();
    /** Faults during the sending that can break a conversation or the commit after it. */
    long cutSending;
    /** The SMTP conversations notification-service has in flight at most (its quarkus.mailer.max-pool-size). */
    static final int IN_FLIGHT = 20;

    @Test
    void nothingIsLostOrSentTwiceWhenServicesBrokerDatabaseAndSmtpFail() throws Exception {
        System.out.printf("FAULTS seed %d (replay with -Dfaults.seed=%d), %d invoices, tenant %s%n", SEED, SEED,
                INVOICES, tenant);
        Workload work = new Workload(tenant, INVOICES, api, system.url("invoice-service"),
                system.infrastructure().kafka().bootstrapServers());
        setClocks("2026-12-01T07:00:00Z");
        String plans = system.url("plan-service");
        api.reliably("POST", plans + "/starter-kit", null, Map.of(), Duration.ofMinutes(1), 200, 201);
        String planId = api.reliably("POST", plans + "/plans", Map.of("name", "Faults", "planType",
                "ESCALATION_PER_INVOICE", "steps", List.of(Map.of("name", "Friendly reminder", "action", "AUTO_EMAIL",
                        "templateKey", "friendly-reminder", "trigger", Map.of("reference", "DUE_DATE", "direction",
                                "AFTER", "days", 3)))), Map.of(), Duration.ofMinutes(1), 201).get("id").asText();
        api.reliably("PUT", plans + "/segments/" + Workload.SEGMENT + "/plans/ESCALATION", Map.of("planId", planId),
                Map.of(), Duration.ofMinutes(1), 200);

        // Kafka and PostgreSQL fail once each, during the ingest or during the sending (the seed decides).
        boolean brokerEarly = random.nextBoolean();
        boolean databaseEarly = random.nextBoolean();

        // --- 1. ingest and projection, with faults ------------------------------------------------------------------
        Duration pace = Duration.ofSeconds(Math.max(30, INVOICES / 10));
        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> work.overRest(pace));
        CompletableFuture<Void> facts = CompletableFuture.runAsync(() -> {
            try {
                work.overKafka(pace);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Fault> ingest = new ArrayList<>(List.of(kill("invoice-service"), kill("plan-service")));
        if (brokerEarly) {
            ingest.add(broker());
        }
        if (databaseEarly) {
            ingest.add(database());
        }
        Collections.shuffle(ingest, random);
        for (Fault f : ingest) {
            pause(500, pace.toMillis() / (ingest.size() + 1));
            run(f, "ingest " + work.submitted.get() + "/" + work.items() + " submitted");
        }
        CompletableFuture.allOf(rest, facts).get();
        List<JsonNode> invoices = awaitValue("invoice-service holds every invoice", Duration.ofMinutes(5),
                () -> api.all(system.url("invoice-service") + "/invoices"), l -> l.size() >= INVOICES);
        awaitValue("escalation-service schedules every reminder", Duration.ofMinutes(5),
                () -> api.get(system.url("escalation-service") + "/forecast?from=2026-12-01T00:00:00Z&to=2026-12-06T00:00:00Z"),
                f -> f.size() >= INVOICES);

        // --- 2. firing and sending, with faults -----------------------------------------------------------------
        smtpLine.latency(Duration.ofMillis(10)); // a distant SMTP server: the sending lasts long enough to be hit
        setClocks("2026-12-04T08:05:00Z"); // Friday 4 December, 09:05 in Paris: every reminder is due
        Instant fired = Instant.now();
        run(kill("escalation-service"), pauseThen(200, 1500, "firing"));
        List<Fault> sending = new ArrayList<>(List.of(kill("notification-service"), kill("followup-service"), smtpCut(),
                smtpHangUp()));
        if (!brokerEarly) {
            sending.add(broker());
        }
        if (!databaseEarly) {
            sending.add(database());
        }
        Collections.shuffle(sending, random);
        cutSending = sending.stream().filter(f -> f.name.contains("notification") || f.name.contains("SMTP")
                || f.name.contains("postgres")).count();
        // each fault when the SMTP server has received a (growing, seeded) share of the mails: work in hand
        List<Integer> targets = new ArrayList<>();
        sending.forEach(f -> targets.add(INVOICES / 20 + random.nextInt(Math.max(1, INVOICES * 3 / 4))));
        Collections.sort(targets);
        for (int i = 0; i < sending.size(); i++) {
            int target = targets.get(i);
            awaitTrue("the SMTP server received " + target + " mails", Duration.ofMinutes(3),
                    () -> distinct(mails()) >= target);
            run(sending.get(i), "sending " + distinct(mails()) + "/" + INVOICES + " at the SMTP server");
        }
        smtpLine.latency(Duration.ZERO);

        // --- 3. quiet, then the invariants from the outside -------------------------------------------------------
        boolean quiet = awaitQuietly(Duration.ofMinutes(6), () -> distinct(mails()) >= INVOICES && pending() == 0)
                // the outcomes of the last mails are still being relayed and consumed; offsets commit every 5 s
                && awaitQuietly(Duration.ofMinutes(2), () -> kafka.of(GROUPS) == 0);
        Duration settled = Duration.between(fired, Instant.now());
        List<MimeMessage> mails = mails();
        Map<String, Long> byMessageId = mails.stream().collect(Collectors.groupingBy(FaultSuiteIT::messageId,
                LinkedHashMap::new, Collectors.counting()));
        long duplicated = mails.size() - byMessageId.size();
        long lost = Math.max(0, INVOICES - byMessageId.size());

        invoices = api.all(system.url("invoice-service") + "/invoices");
        Map<String, Long> byNumber = invoices.stream().collect(Collectors.groupingBy(i -> i.get("number").asText(),
                Collectors.counting()));
        long missingInvoices = INVOICES - byNumber.size();
        long doubleInvoices = invoices.size() - byNumber.size();

        long firedOnce = 0;
        long stuck = 0;
        long firedTwice = 0;
        Instant now = Instant.parse(api.get(system.url("escalation-service") + "/admin/clock").get("now").asText());
        for (JsonNode invoice : invoices) {
            JsonNode schedule = api.get(system.url("escalation-service") + "/invoices/" + invoice.get("id").asText()
                    + "/schedule");
            int firedSteps = 0;
            for (JsonNode step : schedule) {
                String status = step.get("status").asText();
                if (status.equals("FIRED")) {
                    firedSteps++;
                } else if (status.equals("PENDING") && Instant.parse(step.get("fireAt").asText()).isBefore(now)) {
                    stuck++;
                }
            }
            firedOnce += firedSteps == 1 ? 1 : 0;
            firedTwice += firedSteps > 1 ? 1 : 0;
        }
        List<JsonNode> emails = api.all(system.url("notification-service") + "/emails");
        Map<String, Long> emailStatus = emails.stream().collect(Collectors.groupingBy(e -> e.get("status").asText(),
                Collectors.counting()));
        long emailsPerKeyTwice = emails.stream().collect(Collectors.groupingBy(e -> e.get("reminderKey").asText() + "/"
                + e.get("audience").asText(), Collectors.counting())).values().stream().filter(c -> c > 1).count();
        stuck += emailStatus.getOrDefault("PENDING", 0L);

        List<String> deadLetterTopics = new ArrayList<>(DunningSystem.DEAD_LETTER_TOPICS);
        deadLetterTopics.add(Topics.INVOICE_INBOUND_DLQ);
        List<Lag.DeadLetter> deadLettered = kafka.deadLetters(deadLetterTopics);
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        for (Service s : DunningSystem.SERVICES) {
            healthy.put(s.name(), ready(s));
        }
        Map<String, Long> lag = new LinkedHashMap<>();
        GROUPS.forEach(g -> lag.put(g, kafka.of(g)));

        // --- figures ---------------------------------------------------------------------------------------------
        System.out.printf("%n== fault suite: %d invoices, %d customers, %d faults, seed %d ==%n", INVOICES,
                work.customers(), done.size(), SEED);
        System.out.printf("%-24s %-44s %10s %12s %14s%n", "fault", "work in flight", "down", "ready after",
                "caught up after");
        for (Fault f : done) {
            Duration c = f.caughtUp.get();
            System.out.printf("%-24s %-44s %9.1fs %11.1fs %14s%n", f.name, f.inFlight, f.down.toMillis() / 1000.0,
                    f.ready.toMillis() / 1000.0, c == null ? "not yet" : String.format("%.1fs", c.toMillis() / 1000.0));
        }
        System.out.printf("quiet %s %.1f s after the clock moved past the slot; client retries %d%n",
                quiet ? "" : "NOT (timed out)", settled.toMillis() / 1000.0, api.retries.get());
        System.out.printf("invoices %d (missing %d, twice %d); reminders fired once %d (twice %d); e-mails %s%n",
                byNumber.size(), missingInvoices, doubleInvoices, firedOnce, firedTwice, emailStatus);
        System.out.printf("SMTP messages %d, distinct Message-IDs %d; health %s; consumer lag %s%n", mails.size(),
                byMessageId.size(), healthy, lag);
        byMessageId.entrySet().stream().filter(e -> e.getValue() > 1).limit(10)
                .forEach(e -> System.out.printf("  duplicate %s x%d%n", e.getKey(), e.getValue()));
        deadLettered.stream().limit(10).forEach(d -> System.out.printf("  dead-lettered on %s (%s): %s%n", d.topic(),
                d.reason(), d.value()));
        System.out.printf("BENCH faults.lost %d count%nBENCH faults.duplicated %d count%nBENCH faults.dead-lettered %d count%n"
                + "BENCH faults.stuck %d count%n", lost, duplicated, deadLettered.size(), stuck);
        System.out.printf("lost %d, duplicated %d (at most %d: the conversations in flight, up to %d, per fault that "
                + "hit the sending), dead-lettered %d, stuck %d%n%n", lost, duplicated, cutSending * IN_FLIGHT, IN_FLIGHT,
                deadLettered.size(), stuck);

        assertThat(missingInvoices).as("invoices missing").isZero();
        assertThat(doubleInvoices).as("invoices held twice").isZero();
        assertThat(firedOnce).as("reminders fired exactly once").isEqualTo(INVOICES);
        assertThat(stuck).as("reminders or e-mails stuck").isZero();
        assertThat(emailsPerKeyTwice).as("reminder keys with two e-mails").isZero();
        assertThat(emailStatus.getOrDefault("SENT", 0L)).as("e-mails sent").isEqualTo(INVOICES);
        assertThat(lost).as("reminders that never reached the SMTP server").isZero();
        // The window SMTP leaves — the server accepted the mail, and then the sender died, its database went away
        // before the commit, or the line broke before the server's "250" came back — is as wide as the conversations
        // in flight (the dispatcher sends up to the mailer's pool size at once, each committed on its own): at most that
        // many copies (with the same Message-ID) per fault that hit the sending.
        assertThat(duplicated).as("copies at the SMTP server").isLessThanOrEqualTo(cutSending * IN_FLIGHT);
        assertThat(deadLettered).as("valid records dead-lettered").isEmpty();
        assertThat(healthy).as("services ready").doesNotContainValue(false);
        assertThat(lag).as("consumer lag").allSatisfy((g, l) -> assertThat(l).as(g).isZero());
    }

    // --- the faults ---------------------------------------------------------------------------------------------

    Fault kill(String name) {
        Service s = DunningSystem.service(name);
        return new Fault("kill -9 " + name, Set.of(name), () -> system.kill(s),
                () -> system.restart(s, Duration.ofMinutes(3)));
    }

    Fault broker() {
        var broker = system.infrastructure().kafka();
        return new Fault("kill -9 kafka", GROUPS, broker::kill, () -> {
            pause(2000, 6000);
            broker.restart();
            awaitAllReady();
        });
    }

    Fault database() {
        var pg = system.infrastructure().postgres();
        return new Fault("postgres stop -m immediate", GROUPS, pg::stopImmediately, () -> {
            pause(2000, 6000);
            pg.restart();
            awaitAllReady();
        });
    }

    Fault smtpCut() {
        return new Fault("SMTP line cut", Set.of("notification-service"), smtpLine::cut, () -> {
            pause(3000, 8000);
            smtpLine.restore();
        });
    }

    /**
     * The SMTP server hangs up every new connection before its greeting (a balancer with no server behind it): the
     * mail client completes nothing then, and only the dispatcher's bound on a conversation (send-timeout) ends it.
     */
    Fault smtpHangUp() {
        return new Fault("SMTP hangs up", Set.of("notification-service"), smtpLine::hangUp, () -> {
            pause(3000, 8000);
            smtpLine.restore();
        });
    }

    void run(Fault f, String inFlight) {
        f.inFlight = inFlight;
        Instant start = Instant.now();
        System.out.printf("FAULTS %s — %s%n", f.name, inFlight);
        f.inject.run();
        Instant recovering = Instant.now();
        f.recover.run();
        Instant ready = Instant.now();
        f.down = Duration.between(start, recovering);
        f.ready = Duration.between(start, ready);
        done.add(f);
        CompletableFuture.runAsync(() -> {
            long deadline = System.currentTimeMillis() + 600_000;
            while (System.currentTimeMillis() < deadline) {
                if (kafka.of(f.groups) == 0) {
                    f.caughtUp.set(Duration.between(start, Instant.now()));
                    return;
                }
                Api.sleep(250);
            }
        });
    }

    String pauseThen(long min, long max, String what) {
        pause(min, max);
        return what;
    }

    void pause(long minMillis, long maxMillis) {
        Api.sleep(minMillis + (long) (random.nextDouble() * Math.max(1, maxMillis - minMillis)));
    }

    // --- looking from the outside -------------------------------------------------------------------------------

    void setClocks(String instant) {
        for (Service s : DunningSystem.SERVICES) {
            api.reliably("PUT", system.url(s) + "/admin/clock", Map.of("instant", instant), Map.of(),
                    Duration.ofMinutes(1), 200);
        }
    }

    List<MimeMessage> mails() {
        String mine = "-" + tenant + "@faults.example";
        return system.infrastructure().smtp().received().stream().filter(m -> {
            try {
                return m.getAllRecipients() != null && m.getAllRecipients()[0].toString().endsWith(mine);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    static long distinct(List<MimeMessage> mails) {
        return mails.stream().map(FaultSuiteIT::messageId).distinct().count();
    }

    static String messageId(MimeMessage m) {
        try {
            String[] ids = m.getHeader("Message-ID");
            return ids == null ? "(none)" : ids[0];
        } catch (jakarta.mail.MessagingException e) {
            return "(unreadable)";
        }
    }

    /** E-mails of the tenant not yet sent (PENDING), or -1 while notification-service cannot be asked. */
    long pending() {
        try {
            Api.Answer a = api.send("GET", system.url("notification-service") + "/emails?status=PENDING&size=1",
                    null, Map.of());
            return a.status() == 200 ? a.body().get("items").size() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    boolean ready(Service s) {
        try {
            return api.send("GET", system.url(s) + "/q/health/ready", null, Map.of()).status() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    void awaitAllReady() {
        awaitTrue("every service ready", Duration.ofMinutes(3),
                () -> DunningSystem.SERVICES.stream().allMatch(this::ready));
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        if (!awaitQuietly(timeout, condition)) {
            throw new AssertionError("not within " + timeout + ": " + what);
        }
    }

    static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Api.sleep(250);
        }
        return false;
    }

    static <T> T awaitValue(String what, Duration timeout, java.util.function.Supplier<T> read,
                            java.util.function.Predicate<T> good) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        T last = null;
        while (System.currentTimeMillis() < deadline) {
            last = read.get();
            if (good.test(last)) {
                return last;
            }
            Api.sleep(500);
        }
        throw new AssertionError("not within " + timeout + ": " + what + " (last: "
                + (last instanceof java.util.Collection<?> c ? c.size() + " items" : last) + ")");
    }
}
