package org.dunning.bench;

import org.dunning.launcher.DunningSystem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during a figure: each service (all its instances), PostgreSQL (every {@code postgres}
 * process) and this JVM, which hosts the Kafka broker and the SMTP server of the local run. On a small machine the
 * parts share the cores, so a figure is only understood beside this.
 */
final class Machine {

    static final String POSTGRES = "postgres";
    static final String HOST = "kafka+smtp";

    /** The CPU time each part has used so far. */
    static Map<String, Duration> cpu(DunningSystem system) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        DunningSystem.SERVICES.forEach(s -> cpu.put(s.name(), system.cpu(s)));
        cpu.put(POSTGRES, ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus));
        cpu.put(HOST, ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /** One line: the CPU seconds each part used between the two snapshots. */
    static String used(Map<String, Duration> before, Map<String, Duration> after) {
        StringBuilder line = new StringBuilder("CPU seconds:");
        after.forEach((part, d) -> line.append(String.format(" %s %.1f", part.replace("-service", ""),
                (d.toMillis() - before.getOrDefault(part, Duration.ZERO).toMillis()) / 1000.0)));
        return line.toString();
    }

    private Machine() {
    }
}
