package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14, points 2 and 6: the registry client contacts only allowed registries (never internal addresses through a
 * wildcard), sends credentials to a token realm only over HTTPS on an allowed host, never follows a redirect with
 * credentials, caps answers, keeps an overall deadline (body included) and bounds requests in flight. Two loopback
 * servers play the registry and "somewhere else"; each records what reached it.
 */
class RegistryHardeningTest {

    static final String DIGEST = "sha256:" + "e".repeat(64);
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("robot:pw".getBytes(
            StandardCharsets.UTF_8));

    HttpServer registry;
    HttpServer elsewhere;
    String host;
    String otherHost;
    final List<String> registrySaw = new CopyOnWriteArrayList<>();
    final List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile String challenge;

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        host = "127.0.0.1:" + registry.getAddress().getPort();
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherHost = "localhost:" + elsewhere.getAddress().getPort();
        registry.createContext("/v2/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            registrySaw.add(exchange.getRequestMethod() + " " + path + " auth=" + (auth != null));
            if (challenge != null && auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
                answer(exchange, 401, new byte[0]);
                return;
            }
            switch (path) {
                case "/v2/ns/moved/manifests/latest" -> {
                    exchange.getResponseHeaders().add("Location", "http://" + otherHost + path);
                    answer(exchange, 307, new byte[0]);
                }
                case "/v2/ns/huge/manifests/latest" -> answer(exchange, 200, new byte[5 * 1024 * 1024]);
                case "/v2/ns/slow/manifests/latest" -> {
                    if ("HEAD".equals(exchange.getRequestMethod())) {
                        answer(exchange, 200, new byte[0]); // no digest: the client GETs the manifest
                        return;
                    }
                    exchange.sendResponseHeaders(200, 1024 * 1024);
                    OutputStream body = exchange.getResponseBody();
                    try {
                        for (int i = 0; i < 600 && release.getCount() > 0; i++) {
                            body.write(new byte[16]);
                            body.flush();
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException | IOException e) {
                        // the client went away
                    }
                    exchange.close();
                }
                case "/v2/ns/blocked/manifests/latest" -> {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                    answer(exchange, 200, new byte[0]);
                }
                default -> {
                    exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                    answer(exchange, 200, new byte[0]);
                }
            }
        });
        elsewhere.createContext("/", exchange -> {
            elsewhereSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
            answer(exchange, 200, "{\"token\":\"stolen\"}".getBytes(StandardCharsets.UTF_8));
        });
        registry.start();
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        registry.stop(0);
        elsewhere.stop(0);
    }

    /** The registry named exactly (and plain HTTP); more allow-list entries as given. */
    RegistryApi api(Set<String> exact, boolean any, Duration timeout, int concurrent) {
        Set<String> named = new java.util.HashSet<>(exact);
        named.add(host);
        return new RegistryApi(JsonMapper.builder().build(), new RegistryPolicy(Set.copyOf(named), List.of(), any,
                Set.of(host, otherHost), InetAddress::getAllByName), timeout, concurrent);
    }

    RegistryApi api() {
        return api(Set.of(), false, Duration.ofSeconds(5), 4);
    }

    @Test
    void whenARegistryIsNotAllowedThenForbiddenAndNothingIsSentThere() {
        RegistryApi empty = new RegistryApi(JsonMapper.builder().build(), RegistryPolicy.of(properties(List.of())),
                Duration.ofSeconds(5), 4);

        assertThatThrownBy(() -> empty.resolveDigest(ImageName.parse(host + "/ns/model"),
                RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(403);
                    assertThat(p.type()).isEqualTo(RegistryPolicy.NOT_ALLOWED);
                });
        assertThat(registrySaw).isEmpty();
    }

    @Test
    void whenAWildcardAllowsAHostThatResolvesToAnInternalAddressThenForbiddenBeforeAnyConnection() {
        RegistryPolicy any = RegistryPolicy.of(properties(List.of("*")));
        for (String internal : List.of("localhost:" + registry.getAddress().getPort(), "169.254.169.254",
                "10.0.0.1:5000", "192.168.1.1", "[::1]:5000", "[fd00::1]", "100.64.0.1", "0.0.0.0")) {
            assertThatThrownBy(() -> any.check(java.net.URI.create("https://" + internal + "/v2/"), internal))
                    .as(internal).isInstanceOfSatisfying(RegistryProblem.class,
                            p -> assertThat(p.type()).isEqualTo(RegistryPolicy.NOT_ALLOWED));
        }
        assertThat(RegistryPolicy.internal(InetAddress.getLoopbackAddress())).isTrue();
        assertThat(registrySaw).isEmpty();
    }

    @Test
    void whenTheTokenRealmIsPlainHttpOrOnAHostNotAllowedThenNoCredentialsAreSentThere() {
        String foreign = "127.0.0.2:" + elsewhere.getAddress().getPort();
        for (String realm : List.of("http://" + foreign + "/token", "https://" + foreign + "/token",
                "file:///etc/passwd", "ftp://" + host + "/token")) {
            challenge = "Bearer realm=\"" + realm + "\",service=\"x\"";
            assertThatThrownBy(() -> api().resolveDigest(ImageName.parse(host + "/ns/model"),
                    new RegistryCredentials("robot", "pw")))
                    .as(realm).isInstanceOfSatisfying(RegistryProblem.class,
                            p -> assertThat(p.type()).isEqualTo(RegistryPolicy.NOT_ALLOWED));
        }
        assertThat(elsewhereSaw).isEmpty();
    }

    @Test
    void whenTheRegistryRedirectsThenTheTargetMustBeAllowedAndGetsNoCredentials() {
        challenge = "Basic realm=\"registry\"";
        ImageName moved = ImageName.parse(host + "/ns/moved");
        RegistryCredentials credentials = new RegistryCredentials("robot", "pw");

        assertThatThrownBy(() -> api().resolveDigest(moved, credentials))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.type()).isEqualTo(RegistryPolicy.NOT_ALLOWED));
        assertThat(elsewhereSaw).as("a redirect to a host not allowed is not followed").isEmpty();

        String digest = api(Set.of(otherHost), false, Duration.ofSeconds(5), 4).resolveDigest(moved, credentials);

        assertThat(digest).isEqualTo(DIGEST);
        assertThat(elsewhereSaw).as("followed without the credentials").containsExactly(
                "HEAD /v2/ns/moved/manifests/latest auth=null");
    }

    @Test
    void whenAnAnswerIsLargerThanTheCapThenARegistryErrorAndNotAllOfItIsRead() {
        assertThatThrownBy(() -> api().resolveDigest(ImageName.parse(host + "/ns/huge"),
                RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(RegistryProblem.REGISTRY_ERROR);
                    assertThat(p.getMessage()).contains("more than " + RegistryApi.MAX_MANIFEST_BYTES);
                });
    }

    @Test
    void whenTheBodyTricklesPastTheDeadlineThenUnreachableWithinTheDeadline() {
        RegistryApi api = api(Set.of(), false, Duration.ofSeconds(1), 4);
        long started = System.nanoTime();

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> api.resolveDigest(
                ImageName.parse(host + "/ns/slow"), RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.type()).isEqualTo(RegistryProblem.UNREACHABLE)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void whenTheRequestsInFlightAreAtTheirBoundThenTheNextIsRefusedBusy() throws Exception {
        RegistryApi api = api(Set.of(), false, Duration.ofSeconds(20), 1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> api.resolveDigest(
                ImageName.parse(host + "/ns/blocked"), RegistryCredentials.ANONYMOUS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registrySaw.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThatThrownBy(() -> api.resolveDigest(ImageName.parse(host + "/ns/model"),
                RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(503);
                    assertThat(p.type()).isEqualTo(RegistryApi.REGISTRY_BUSY);
                });
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(DIGEST);
    }

    static ImagesProperties properties(List<String> allowed) {
        return new ImagesProperties(List.of(), org.springframework.util.unit.DataSize.ofMegabytes(1),
                java.nio.file.Path.of("/bin/busybox"), null, new ImagesProperties.Registry(null, null, null),
                List.of(), allowed, Duration.ofSeconds(5), 4, 1, 10, 1, Duration.ofHours(1), null);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
