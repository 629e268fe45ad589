package org.dunning.escalation.projection;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether a projection rebuild runs (the engine does not tick) and replays topics (lateness is not re-published). */
@ApplicationScoped
public class RebuildState {

    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean replaying = new AtomicBoolean();

    public boolean running() {
        return running.get();
    }

    public boolean replaying() {
        return replaying.get();
    }
}
