package org.dunning.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class Ports {

    /** The ports {@link #free()} handed out in this JVM: none is handed out twice. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port that is free right now and that this JVM has not handed out before. The kernel may offer a port
     * again as soon as its probe socket is closed, before the process it was meant for has bound it: the launcher once
     * gave insights- and follow-up-service the same port, follow-up failed to bind, and its readiness probe was
     * answered by insights.
     */
    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                if (GIVEN.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no loopback port free that was not handed out before");
    }

    /** Whether something listens on the loopback port. */
    public static boolean inUse(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Ports() {
    }
}
