package org.dunning.testing;

import org.dunning.contract.Topics;
import org.dunning.infra.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real servers a test JVM uses, started once and stopped when the JVM ends. By default they are started from
 * Maven artifacts ({@link LocalStack}); environment variables can point the tests at servers that already run:
 * {@code DUNNING_TEST_KAFKA_BOOTSTRAP_SERVERS}, {@code DUNNING_TEST_PG_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD}
 * (the user must be allowed to create databases) and {@code DUNNING_TEST_SMTP_HOST}/{@code _PORT}.
 */
public final class Infrastructure {

    private static LocalStack stack;

    /** Starts the local servers unless they run already. */
    public static synchronized LocalStack local() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("dunning-test-");
                stack = LocalStack.start(LocalStack.Options.ephemeral(dir), List.of(), Topics.ALL);
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "dunning-test-infra-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    private Infrastructure() {
    }
}
