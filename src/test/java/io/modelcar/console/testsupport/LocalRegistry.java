package io.modelcar.console.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A real OCI registry on loopback for tests: Debian's {@code docker-registry} (distribution 2.x) started with its
 * own config file, filesystem storage in a temp directory and, optionally, htpasswd (bcrypt) authentication.
 * Register as a static {@code @RegisterExtension}; where the binary is absent each test is reported as skipped (a
 * failure under {@code CI=true}, see {@link Prerequisite}).
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback, ExecutionCondition {

    public static final Path BINARY = Path.of(System.getProperty("docker-registry.path", "/usr/bin/docker-registry"));

    /** Debian's docker-registry (distribution 2.x). */
    public static final Prerequisite DOCKER_REGISTRY = Prerequisite.of("docker-registry",
            LocalRegistry::available, "apt-get install docker-registry (or run .ci/run)");

    private final String username;
    private final String password;
    private Path dir;
    private Process process;
    private int port;

    private LocalRegistry(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** An open registry on a fixed loopback port (the sandbox's), or a free one for 0. */
    public static LocalRegistry open(int port) {
        LocalRegistry registry = new LocalRegistry(null, null);
        registry.port = port;
        return registry;
    }

    /** A registry anyone may push to. */
    public static LocalRegistry open() {
        return new LocalRegistry(null, null);
    }

    /** A registry that needs this user and password (HTTP Basic via htpasswd). */
    public static LocalRegistry withUser(String username, String password) {
        return new LocalRegistry(username, password);
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (DOCKER_REGISTRY.present()) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DOCKER_REGISTRY.evaluateExecutionCondition(context);
    }

    public synchronized void start() throws IOException, InterruptedException {
        if (process != null) {
            return;
        }
        dir = Files.createTempDirectory("registry");
        port = port == 0 ? freePort() : port;
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: modelcar-console-test
                """.formatted(dir.resolve("data"), port));
        if (username != null) {
            String hash = new BCryptPasswordEncoder().encode(password);
            Files.writeString(dir.resolve("htpasswd"), username + ":" + hash + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: modelcar-console-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd")));
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, config);
        process = new ProcessBuilder(BINARY.toString(), "serve", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve(
                        "registry.log")));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not start on port " + port);
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory
            }
        }
    }

    /** {@code 127.0.0.1:<port>}, as an image reference's registry part. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + host();
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** GET on the registry API with this registry's credentials; the body as bytes. */
    public HttpResponse<byte[]> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (username != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((username + ":"
                    + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
