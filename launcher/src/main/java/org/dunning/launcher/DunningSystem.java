package org.dunning.launcher;

import org.dunning.contract.Topics;
import org.dunning.infra.LocalStack;
import org.dunning.infra.Ports;
import org.dunning.infra.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: PostgreSQL with one database per service, a Kafka broker with the topics, an SMTP
 * server, and the five packaged services, each in its own JVM. Used by the run command and by the system test.
 */
public final class DunningSystem implements AutoCloseable {

    /** A service: its name, database and fixed port. */
    public record Service(String name, String database, int port) {
        /** The path prefix it is served under at the one origin ({@link Gateway}): {@code /api/invoice} and so on. */
        public String route() {
            return "/api/" + name.substring(0, name.length() - "-service".length());
        }
    }

    /** The one origin's port in the local run ({@code ./dunning up}). */
    public static final int GATEWAY_PORT = 8080;

    public static final List<Service> SERVICES = List.of(
            new Service("invoice-service", "invoice", 8081),
            new Service("plan-service", "plan", 8082),
            new Service("escalation-service", "escalation", 8083),
            new Service("notification-service", "notification", 8084),
            new Service("followup-service", "followup", 8085),
            new Service("insights-service", "insights", 8086));

    public static final List<String> DEAD_LETTER_TOPICS = List.of("dunning.invoice.dead-letter", "dunning.plan.dead-letter",
            "dunning.escalation.dead-letter",
            "dunning.notification.dead-letter", "dunning.followup.dead-letter", "dunning.insights.dead-letter");

    /**
     * @param home       the repository root (where the services' target folders are)
     * @param dataDir    where PostgreSQL, Kafka and the logs keep their files
     * @param persistent keep PostgreSQL's data across restarts
     * @param fixedPorts the documented ports (else free ones)
     * @param profile    the Quarkus profile(s) of the services
     * @param smtpPort   the SMTP server's port (0 = a free one, or the documented one with fixed ports)
     * @param environment more environment variables for every service (e.g. the mailer's port through a proxy)
     * @param jvm        the services' JVM flags: {@link #FAST_START} (the local run and the tests) or
     *                   {@link #PRODUCTION} (benchmarks, as in the Dockerfile: the full JIT, a heap that fits the load)
     */
    public record Options(Path home, Path dataDir, boolean persistent, boolean fixedPorts, String profile,
                          int smtpPort, Map<String, String> environment, List<String> jvm) {
        public Options(Path home, Path dataDir, boolean persistent, boolean fixedPorts, String profile) {
            this(home, dataDir, persistent, fixedPorts, profile, 0, Map.of(), FAST_START);
        }

        public Options(Path home, Path dataDir, boolean persistent, boolean fixedPorts, String profile,
                       int smtpPort, Map<String, String> environment) {
            this(home, dataDir, persistent, fixedPorts, profile, smtpPort, environment, FAST_START);
        }

        public Options withJvm(List<String> flags) {
            return new Options(home, dataDir, persistent, fixedPorts, profile, smtpPort, environment, flags);
        }
    }

    /** Quick to start, small: five services and the infrastructure on a laptop. */
    public static final List<String> FAST_START = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /** What production runs (the Dockerfile's flags, with a fixed heap): the full JIT and a heap for the load. */
    public static final List<String> PRODUCTION = List.of("-Xms512m", "-Xmx512m",
            "-Djdk.nio.maxCachedBufferSize=262144");

    private final Options options;
    private final LocalStack stack;
    private final Map<Service, Integer> ports;
    private final List<Process> processes;
    private record Replica(Service service, Process process) {
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final Path logs;
    private Gateway gateway;

    private DunningSystem(Options options, LocalStack stack, Map<Service, Integer> ports, List<Process> processes,
                          Path logs) {
        this.options = options;
        this.stack = stack;
        this.ports = ports;
        this.processes = processes;
        this.logs = logs;
    }

    public static DunningSystem start(Options o) {
        for (Service s : SERVICES) {
            Path jar = jar(o.home(), s);
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (./mvnw install -DskipTests)");
            }
        }
        if (o.fixedPorts()) {
            List<Integer> wanted = new ArrayList<>(List.of(15432, 19092, 3025, 3143, GATEWAY_PORT));
            SERVICES.forEach(s -> wanted.add(s.port()));
            List<Integer> busy = wanted.stream().filter(Ports::inUse).toList();
            if (!busy.isEmpty()) {
                throw new IllegalStateException("ports already in use: " + busy + " (is dunning already running?)");
            }
        }
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.addAll(DEAD_LETTER_TOPICS);
        LocalStack stack = LocalStack.start(new LocalStack.Options(o.dataDir(), o.persistent(),
                        o.fixedPorts() ? 15432 : 0, o.fixedPorts() ? 19092 : 0,
                        o.smtpPort() != 0 ? o.smtpPort() : o.fixedPorts() ? 3025 : 0, o.fixedPorts() ? 3143 : 0, false),
                SERVICES.stream().map(Service::database).toList(), topics);
        Map<Service, Integer> ports = new LinkedHashMap<>();
        List<Process> processes = new ArrayList<>();
        DunningSystem system;
        try {
            system = new DunningSystem(o, stack, ports, processes,
                    Files.createDirectories(o.dataDir().resolve("logs")));
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        }
        try {
            for (Service s : SERVICES) {
                ports.put(s, o.fixedPorts() ? s.port() : Ports.free());
                processes.add(system.startService(s));
            }
            for (Service s : SERVICES) {
                system.awaitReady(s, Duration.ofSeconds(180));
            }
            system.gateway = Gateway.start(o.fixedPorts() ? GATEWAY_PORT : 0, SERVICES.stream()
                    .map(s -> new Gateway.Route(s.route(), ports.get(s))).toList(),
                    o.home().resolve("docs/openapi/dunning"));
            return system;
        } catch (IOException e) {
            system.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private static Path jar(Path home, Service s) {
        return home.resolve(s.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private Process startService(Service s) throws IOException {
        return startService(s, ports.get(s), s.name());
    }

    /**
     * Starts one more instance of a service (its own port, the same database, topics and consumer group, so the
     * group's partitions are shared out between the instances) and waits until it is ready; {@link #close()} stops
     * it with the others. Returns its base URL.
     */
    public String addReplica(Service s, Duration timeout) {
        int port = Ports.free();
        String name = s.name() + "-" + (replicas.size() + 2);
        try {
            replicas.add(new Replica(s, startService(s, port, name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + port;
        awaitReady(replicas.get(replicas.size() - 1).process(), url, logs.resolve(name + ".log"), name, timeout);
        return url;
    }

    private Process startService(Service s, int port, String logName) throws IOException {
        Options o = options;
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.addAll(o.jvm());
        command.addAll(List.of("-jar", jar(o.home(), s).toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(logName + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_PROFILE", o.profile());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", stack.postgres().reactiveUrl(s.database()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.postgres().jdbcUrl(s.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(stack.smtp().smtpPort()));
        // plan-service reads invoices from invoice-service (started first) to preview templates on them
        env.put("DUNNING_INVOICE_SERVICE_URL", "http://127.0.0.1:" + ports.get(SERVICES.get(0)));
        // invoice-service links uploaded documents (R8.1) under its own address, which notification-service fetches
        env.put("DUNNING_DOCUMENTS_BASE_URL", "http://127.0.0.1:" + ports.get(SERVICES.get(0)));
        env.putAll(o.environment());
        return pb.start();
    }

    /** {@code kill -9} of a service (and anything it started): no shutdown hook, no flush, no goodbye to Kafka. */
    public void kill(Service s) {
        Process p = processes.get(SERVICES.indexOf(s));
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The CPU time a service's instances (and anything they started) have used so far; zero where the platform cannot
     * tell.
     */
    public Duration cpu(Service s) {
        return processTree(s).map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * Of {@link #cpu}, the time the JVMs' just-in-time compiler threads ({@code C1/C2 CompilerThread}) have used so far
     * (the kernel's per-thread {@code utime + stime}, at 100 ticks a second); zero where there is no {@code /proc}. A
     * figure taken while this still grows measures the JIT's warm-up beside the work.
     */
    public Duration compilerCpu(Service s) {
        long ticks = processTree(s).mapToLong(h -> {
            try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(h.pid()), "task"))) {
                return threads.mapToLong(t -> {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (!name.contains("CompilerThre")) {
                            return 0;
                        }
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (IOException | RuntimeException e) {
                        return 0; // the thread ended meanwhile
                    }
                }).sum();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
        return Duration.ofMillis(ticks * 10);
    }

    /**
     * The peak resident set size so far of a service's largest instance (the kernel's {@code VmHWM} of each process it
     * started), in bytes; zero where the platform cannot tell (no {@code /proc}).
     */
    public long peakRss(Service s) {
        return processTree(s).mapToLong(h -> {
                    try {
                        return Files.readAllLines(Path.of("/proc", String.valueOf(h.pid()), "status")).stream()
                                .filter(l -> l.startsWith("VmHWM:"))
                                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
                    } catch (IOException | RuntimeException e) {
                        return 0;
                    }
                }).max().orElse(0);
    }

    /** Every process of a service's instances and what they started. */
    private java.util.stream.Stream<ProcessHandle> processTree(Service s) {
        List<Process> all = new ArrayList<>(List.of(processes.get(SERVICES.indexOf(s))));
        replicas.stream().filter(r -> r.service().equals(s)).forEach(r -> all.add(r.process()));
        return all.stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()),
                p.descendants()));
    }

    /** Starts a stopped service again with the same command line, port and environment, and waits until it is ready. */
    public void restart(Service s, Duration timeout) {
        try {
            processes.set(SERVICES.indexOf(s), startService(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(s, timeout);
    }

    public static Service service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    private void awaitReady(Service s, Duration timeout) {
        awaitReady(processes.get(SERVICES.indexOf(s)), url(s), logs.resolve(s.name() + ".log"), s.name(), timeout);
    }

    private void awaitReady(Process p, String url, Path log, String name, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    public String url(Service s) {
        return "http://127.0.0.1:" + ports.get(s);
    }

    public String url(String serviceName) {
        return url(service(serviceName));
    }

    /** The one origin: every service under its {@link Service#route()}, and the merged API document. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public LocalStack infrastructure() {
        return stack;
    }

    /** Stops the services (and anything they started), then the infrastructure. */
    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        List<Process> all = new ArrayList<>(processes);
        replicas.forEach(r -> all.add(r.process()));
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stack.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
