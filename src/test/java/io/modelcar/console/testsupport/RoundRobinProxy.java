package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test tool standing in for a Kubernetes Service without session affinity: a TCP proxy on a random loopback port
 * that sends each new connection to the next backend in turn (as kube-proxy balances connections). With consoles
 * that close the connection after every response ({@code server.tomcat.max-keep-alive-requests=1}) each request
 * lands on the next replica. A backend can be taken out (an endpoint removed, as when a pod terminates) and a
 * connection refused by a backend goes to the next one.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Integer> backends = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "round-robin-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile Integer pinned;

    private RoundRobinProxy(List<Integer> backendPorts) throws IOException {
        backends.addAll(backendPorts);
        backendPorts.forEach(p -> connections.put(p, new AtomicInteger()));
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        pool.execute(this::accept);
    }

    public static RoundRobinProxy to(List<Integer> backendPorts) {
        try {
            return new RoundRobinProxy(backendPorts);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections each backend was given so far. */
    public int connections(int backendPort) {
        return connections.get(backendPort).get();
    }

    /** Takes a backend out of the rotation, as a terminating pod leaves a Service's endpoints. */
    public void remove(int backendPort) {
        backends.remove(Integer.valueOf(backendPort));
    }

    /** Sends every new connection to one backend until {@link #unpin()}. */
    public void pin(int backendPort) {
        pinned = backendPort;
    }

    public void unpin() {
        pinned = null;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        Runnable done = () -> {
            if (open.decrementAndGet() == 0) {
                closeQuietly(client);
                closeQuietly(backend);
            }
        };
        pool.execute(() -> pipe(client, backend, done));
        pipe(backend, client, done);
    }

    private Socket connect() {
        Integer only = pinned;
        List<Integer> candidates = only != null ? List.of(only) : List.copyOf(backends);
        for (int attempt = 0; attempt < candidates.size(); attempt++) {
            int port = candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                connections.get(port).incrementAndGet();
                return socket;
            } catch (IOException refused) {
                // try the next backend
            }
        }
        return null;
    }

    /**
     * Copies one direction until its end, then half-closes the other side (FIN, not a reset: closing a socket with
     * unread input would reset it and could cut the tail of a response); both sockets close when both directions
     * ended.
     */
    private static void pipe(Socket from, Socket to, Runnable done) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: end both directions
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        pool.shutdownNow();
    }
}
