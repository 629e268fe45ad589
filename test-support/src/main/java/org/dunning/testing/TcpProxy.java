package org.dunning.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder in front of a real server, to cut the line in a test: {@link #cut()} closes the port and every open
 * connection (clients see "connection refused", as in an outage), {@link #hangUp()} closes every connection as soon as
 * it is made (clients connect, then the line ends before the server said a word, as behind a balancer with no server
 * left), {@link #restore()} forwards again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile long latencyMillis;
    private volatile boolean hangUp;
    private final AtomicInteger hungUp = new AtomicInteger();

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = org.dunning.infra.Ports.free();
        restore();
    }

    public int port() {
        return port;
    }

    /**
     * Delays every chunk of data in both directions by {@code latency}, like a distant server: a conversation of a few
     * round trips then takes a few times that long.
     */
    public void latency(java.time.Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    public synchronized void cut() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        closeOpen();
    }

    /**
     * Closes every open connection, then accepts each new one and closes it at once, forwarding nothing, until
     * {@link #restore()}.
     */
    public synchronized void hangUp() {
        hangUp = true;
        closeOpen();
        listen();
    }

    /** How many connections {@link #hangUp()} has closed as soon as they were made. */
    public int hungUp() {
        return hungUp.get();
    }

    private synchronized void closeOpen() {
        try {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void restore() {
        hangUp = false;
        listen();
    }

    private synchronized void listen() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            server = s;
            Thread t = new Thread(() -> accept(s), "tcp-proxy-" + port);
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                if (hangUp) {
                    client.close();
                    hungUp.incrementAndGet();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                synchronized (this) {
                    if (server != s) { // cut while this connection was being made
                        client.close();
                        upstream.close();
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (latencyMillis > 0) {
                        Thread.sleep(latencyMillis);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        cut();
    }
}
