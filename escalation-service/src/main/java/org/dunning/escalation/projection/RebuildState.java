package org.dunning.escalation.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.platform.projection.RebuildLock;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a projection rebuild runs here (the engine does not tick) and replays topics (lateness is not re-published),
 * and the lock that makes every instance wait for it: the rebuild holds {@link #LOCK} exclusively from before it
 * empties the projection until it is whole again; each live consumer batch and each engine batch takes it shared.
 */
@ApplicationScoped
public class RebuildState {

    /** The advisory lock of the rebuild (exclusive) and of the projection's writers (shared). */
    public static final long LOCK = 0x0D0_0B0_0005L;
    /** Held by the instance that rebuilds, so that a second rebuild is refused rather than queued. */
    static final long REBUILDING = 0x0D0F_0000_0001L;

    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean replaying = new AtomicBoolean();

    public boolean running() {
        return running.get();
    }

    public boolean replaying() {
        return replaying.get();
    }

    /** Waits, in the caller's transaction, until no rebuild runs on any instance, and keeps one from starting. */
    public static Uni<Void> waitForRebuild(Mutiny.Session s) {
        return RebuildLock.waitForRebuild(s, LOCK);
    }

    /** SQL that is true, and keeps a rebuild from starting until the transaction ends, when no rebuild runs. */
    public static String noRebuild() {
        return "pg_try_advisory_xact_lock_shared(" + LOCK + ")";
    }
}
