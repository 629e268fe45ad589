package org.dunning.notification;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC to the service's test database, for what a test checks or prepares beside the service's API. */
public final class TestSql {

    public static Connection connect() throws SQLException {
        Config c = ConfigProvider.getConfig();
        return DriverManager.getConnection(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getValue("quarkus.datasource.password", String.class));
    }

    /** The first column of the first row of a query such as {@code SELECT count(*) …}. */
    public static long count(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private TestSql() {
    }
}
