package org.dunning.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The local PostgreSQL keeps every acknowledged commit through a crash (an immediate stop) and starts again. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyCommitTheServerAcknowledgedSurvivesAnImmediateStop() throws Exception {
        try (PostgresServer pg = PostgresServer.start(0, dir.resolve("pg"))) {
            pg.createDatabase("ledger");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("ledger"), PostgresServer.USER, PostgresServer.PASSWORD);
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("on");
                }
                s.execute("CREATE TABLE applied (n INT PRIMARY KEY)");
                for (int i = 0; i < 200; i++) {
                    s.execute("INSERT INTO applied VALUES (" + i + ")"); // each one committed and acknowledged
                }
            }
            pg.stopImmediately();
            pg.restart();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("ledger"), PostgresServer.USER, PostgresServer.PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM applied")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(200);
            }
        }
    }
}
