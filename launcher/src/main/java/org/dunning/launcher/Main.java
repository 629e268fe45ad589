package org.dunning.launcher;

import org.dunning.infra.DevTokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.concurrent.CountDownLatch;

/**
 * {@code up}: runs the whole system on this machine until Ctrl-C. {@code token}: prints a development bearer token.
 * Called by the {@code ./dunning} script at the repository root.
 */
public final class Main {

    /**
     * Kafka's clients warn while the broker they wait for is still starting ("connection to node -1 could not be
     * established"): expected at start, so only their errors reach the console. Held here: java.util.logging keeps
     * loggers weakly, and a collected one would forget its level.
     */
    private static final java.util.logging.Logger KAFKA = java.util.logging.Logger.getLogger("org.apache.kafka");

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "up" : args[0];
        // The servers' client libraries log through java.util.logging: keep the console for what matters.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        KAFKA.setLevel(java.util.logging.Level.SEVERE);
        switch (command) {
            case "up" -> up();
            case "token" -> token(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("usage: dunning up | dunning token [--tenant T] [--roles user,admin] [--hours H]");
                System.exit(2);
            }
        }
    }

    private static void up() throws InterruptedException {
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("dunning.data", home.resolve(".dunning").toString()));
        System.out.println("Starting dunning (data in " + data + ") ...");
        DunningSystem system = DunningSystem.start(new DunningSystem.Options(home, data, true, true, "prod,demo"));
        Path pidFile = data.resolve("dunning.pid");
        try {
            java.nio.file.Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping dunning ...");
            system.close();
            pidFile.toFile().delete();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "dunning-stop"));
        var infra = system.infrastructure();
        System.out.printf("%n  dunning is up. Ctrl-C (or ./dunning stop) stops everything.%n%n");
        System.out.printf("  %-22s %s   (every API under one origin: %s, the API document %s/api/openapi.json)%n",
                "one origin", system.gatewayUrl(), String.join(" ", DunningSystem.SERVICES.stream()
                        .map(DunningSystem.Service::route).toList()), system.gatewayUrl());
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            System.out.printf("  %-22s %s   (OpenAPI %s/q/openapi, Swagger UI %s/q/swagger-ui)%n", s.name(),
                    system.url(s), system.url(s), system.url(s));
        }
        System.out.printf("%n  PostgreSQL             127.0.0.1:%d  user postgres / postgres, databases %s%n",
                infra.postgres().port(), DunningSystem.SERVICES.stream().map(DunningSystem.Service::database).toList());
        System.out.printf("  Kafka                  %s%n", infra.kafka().bootstrapServers());
        System.out.printf("  SMTP                   127.0.0.1:%d   IMAP 127.0.0.1:%d (log in as the recipient's address, any password)%n",
                infra.smtp().smtpPort(), infra.smtp().imapPort());
        System.out.printf("  Logs                   %s%n", data.resolve("logs"));
        System.out.printf("%n  A token for tenant 'demo':  ./dunning token --tenant demo%n%n");
        stopped.await();
    }

    private static void token(String[] args) {
        String tenant = "demo";
        String roles = "user,admin";
        long hours = 12;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tenant" -> tenant = args[i + 1];
                case "--roles" -> roles = args[i + 1];
                case "--hours" -> hours = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(DevTokens.token(tenant, new LinkedHashSet<>(Arrays.asList(roles.split(","))),
                Duration.ofHours(hours)));
    }

    private Main() {
    }
}
