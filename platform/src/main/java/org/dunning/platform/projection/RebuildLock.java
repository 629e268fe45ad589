package org.dunning.platform.projection;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The advisory locks of a projection rebuild (invariant 5) in the service's database: the rebuild holds {@code lock}
 * exclusively from before it empties the projection until it is whole again, while every live consumer batch takes it
 * shared in its transaction ({@link #waitForRebuild}), so nobody writes to or decides on a partial projection and what
 * comes meanwhile is applied after it; {@code rebuilding} is held by the instance that rebuilds, so that a second
 * rebuild is refused rather than queued. Held on a connection of its own, let go by {@link #close()}.
 */
public final class RebuildLock implements AutoCloseable {

    private final SqlConnection connection;

    private RebuildLock(SqlConnection connection) {
        this.connection = connection;
    }

    /**
     * Takes both locks, waiting for the live batches in flight to end.
     *
     * @throws org.dunning.platform.domain.Conflict when another instance rebuilds (409)
     */
    public static RebuildLock take(Pool pool, long lock, long rebuilding) throws Throwable {
        SqlConnection connection = VertxContextSupport.subscribeAndAwait(pool::getConnection);
        RebuildLock held = new RebuildLock(connection);
        try {
            boolean first = VertxContextSupport.subscribeAndAwait(() -> connection.query(
                    "SELECT pg_try_advisory_lock(" + rebuilding + ")").execute()
                    .map(rows -> rows.iterator().next().getBoolean(0)));
            if (!first) {
                throw new org.dunning.platform.domain.Conflict("a rebuild is running already on another instance");
            }
            VertxContextSupport.subscribeAndAwait(() -> connection.query("SELECT pg_advisory_lock(" + lock + ")")
                    .execute());
            return held;
        } catch (Throwable e) {
            held.close();
            throw e;
        }
    }

    /** Waits, in the caller's transaction, until no rebuild runs on any instance, and keeps one from starting. */
    public static Uni<Void> waitForRebuild(Mutiny.Session s, long lock) {
        return Sql.of(s, "SELECT pg_advisory_xact_lock_shared(" + lock + ")")
                .single().replaceWithVoid();
    }

    /** Lets the locks go; the connection goes back to the pool, its session stays, so the locks are let go first. */
    @Override
    public void close() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> connection.query("SELECT pg_advisory_unlock_all()").execute()
                    .onItemOrFailure().call(connection::close).replaceWithVoid());
        } catch (Throwable e) {
            throw new IllegalStateException("the rebuild's locks could not be let go", e);
        }
    }
}
