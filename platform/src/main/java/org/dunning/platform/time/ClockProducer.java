package org.dunning.platform.time;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * The clock every decision reads. With {@code dunning.clock.persistent=true} (the demo profile) a moved clock is
 * kept in the service's database ({@code clock_offset}) and read back at start, so a restarted service goes on at
 * the moved time instead of the machine's.
 */
@ApplicationScoped
@Startup // reads a kept clock once at start, on the main thread, before any consumer or tick asks for the time
public class ClockProducer {

    private static final Logger LOG = Logger.getLogger(ClockProducer.class);

    private final AdjustableClock clock;

    public ClockProducer(@ConfigProperty(name = "dunning.clock.adjustable", defaultValue = "false") boolean adjustable,
                         @ConfigProperty(name = "dunning.clock.persistent", defaultValue = "false") boolean persistent,
                         Instance<AgroalDataSource> dataSource) {
        AdjustableClock.Store store = adjustable && persistent && dataSource.isResolvable()
                ? new DatabaseStore(dataSource.get()) : AdjustableClock.Store.NONE;
        this.clock = new AdjustableClock(Clock.systemUTC(), store);
    }

    @Produces
    @Singleton
    @Typed(AdjustableClock.class)
    public AdjustableClock adjustableClock() {
        return clock;
    }

    @Produces
    @Singleton
    public Clock clock() {
        return clock;
    }

    /** The offset in the service's own database, over JDBC (the same connection Flyway migrates with). */
    record DatabaseStore(AgroalDataSource dataSource) implements AdjustableClock.Store {

        @Override
        public Duration load() {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT offset_ms FROM clock_offset WHERE id = 1");
                 ResultSet rs = s.executeQuery()) {
                Duration offset = rs.next() ? Duration.ofMillis(rs.getLong(1)) : Duration.ZERO;
                if (!offset.isZero()) {
                    LOG.infof("clock: moved by %s, as it was before the restart", offset);
                }
                return offset;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the moved clock: " + e.getMessage(), e);
            }
        }

        @Override
        public void save(Duration offset) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("INSERT INTO clock_offset (id, offset_ms) VALUES (1, ?) "
                         + "ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms")) {
                s.setLong(1, offset.toMillis());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot keep the moved clock: " + e.getMessage(), e);
            }
        }
    }
}
