package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real KServe controller manager ({@code cmd/manager}) as a process on this machine: controllers and
 * webhooks, leader election off, metrics off, health probes and webhooks on free loopback ports, reading its
 * {@code inferenceservice-config} from {@code namespace} ({@code POD_NAMESPACE}) through the given kubeconfig.
 * Its output goes to a log file beside its certificates.
 */
public final class KServeManager implements AutoCloseable {

    /**
     * Runs the manager under {@code sh}, which ends with the manager's exit code, and stops it (SIGTERM) when the
     * pipe from this JVM closes: on {@link #close()}, or when the JVM dies, so that a killed test run leaves no
     * manager behind.
     */
    private static final String GUARD = "exec 3<&0; \"$@\" </dev/null & child=$!; "
            + "(cat <&3 >/dev/null; kill -TERM $child 2>/dev/null) & wait $child";

    private final Process process;
    private final Path log;
    private final int probePort;
    private final int webhookPort;

    private KServeManager(Process process, Path log, int probePort, int webhookPort) {
        this.process = process;
        this.log = log;
        this.probePort = probePort;
        this.webhookPort = webhookPort;
    }

    /**
     * Starts the manager.
     *
     * @param release    which KServe
     * @param kubeconfig credentials of a cluster admin
     * @param namespace  where its {@code inferenceservice-config} lives
     * @param certs      webhook serving certificates ({@code TMPDIR} of the process)
     * @param webhookPort the port the API server's webhook configurations call
     */
    public static KServeManager start(KServeRelease release, Path kubeconfig, String namespace,
            WebhookCertificates certs, int webhookPort) {
        int probePort = freePort();
        Path log = certs.tmpDir().resolve("manager-" + namespace + ".log");
        List<String> command = new ArrayList<>(List.of("sh", "-c", GUARD, "kserve-manager",
                release.manager().toString(), "--leader-elect=false", "--metrics-addr=0",
                "--health-probe-addr=127.0.0.1:" + probePort, "--webhook-port=" + webhookPort));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("POD_NAMESPACE", namespace);
        builder.environment().put("TMPDIR", certs.tmpDir().toString());
        try {
            return new KServeManager(builder.start(), log, probePort, webhookPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free TCP port on this machine (never a fixed one: other builds run here too). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the manager reports ready (its webhook server started) or exits.
     *
     * @return true when ready, false when it exited or the time ran out
     */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + probePort + "/readyz")
                        .toURL().openConnection();
                http.setConnectTimeout(500);
                http.setReadTimeout(2000);
                if (http.getResponseCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(200);
        }
        return false;
    }

    /** Waits for the process to end; null when it is still running after {@code timeout}. */
    public Integer awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int webhookPort() {
        return webhookPort;
    }

    /** The file the manager's output goes to. */
    public Path logFile() {
        return log;
    }

    /** What the manager printed so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM through the guard, SIGKILL (of the manager too) after ten seconds. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the guard is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
