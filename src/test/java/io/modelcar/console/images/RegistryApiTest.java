package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bearer token dance of registries such as Docker Hub, quay.io or Harbor (which Debian's docker-registry cannot
 * play without a token server): a small loopback server that answers like them.
 */
class RegistryApiTest {

    static final String DIGEST = "sha256:" + "d".repeat(64);
    HttpServer server;
    String host;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", exchange -> {
            seen.add("token " + exchange.getRequestURI().getRawQuery());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean good = ("Basic " + java.util.Base64.getEncoder().encodeToString("robot:pw".getBytes(
                    StandardCharsets.UTF_8))).equals(auth);
            answer(exchange, good ? 200 : 401, good ? "{\"token\":\"tok-123\"}" : "{}");
        });
        server.createContext("/v2/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (!"Bearer tok-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host
                        + "/token\",service=\"test-registry\",scope=\"repository:ns/model:pull\"");
                answer(exchange, 401, "");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/v2/ns/model/manifests/latest")) {
                answer(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
                return;
            }
            exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
            answer(exchange, 200, "");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    RegistryApi api() {
        // the loopback registry is named exactly (allow-listed) and plain HTTP, its realm on the same host
        return new RegistryApi(JsonMapper.builder().build(), new RegistryPolicy(Set.of(host), List.of(), false,
                Set.of(host), java.net.InetAddress::getAllByName), Duration.ofSeconds(5), 4);
    }

    @Test
    void whenTheRegistryAsksForABearerTokenThenTheTokenIsFetchedWithTheCredentialsAndUsed() {
        String digest = api().resolveDigest(ImageName.parse(host + "/ns/model"), new RegistryCredentials("robot",
                "pw"));

        assertThat(digest).isEqualTo(DIGEST);
        assertThat(seen).containsExactly("HEAD /v2/ns/model/manifests/latest",
                "token service=test-registry&scope=repository%3Ans%2Fmodel%3Apull",
                "HEAD /v2/ns/model/manifests/latest");
    }

    @Test
    void whenTheTokenServerRefusesTheCredentialsThenUnauthorizedProblem() {
        assertThatThrownBy(() -> api().resolveDigest(ImageName.parse(host + "/ns/model"),
                new RegistryCredentials("robot", "wrong")))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(RegistryProblem.UNAUTHORIZED);
                    assertThat(p.getMessage()).doesNotContain("wrong");
                });
    }

    @Test
    void whenTheTagIsMissingThenNotFoundProblem() {
        assertThatThrownBy(() -> api().resolveDigest(ImageName.parse(host + "/ns/model:nope"),
                new RegistryCredentials("robot", "pw")))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> assertThat(p.status().value()).isEqualTo(404));
    }

    @Test
    void whenTheRegistryDoesNotAnswerThenUnreachableProblem() {
        server.stop(0);

        assertThatThrownBy(() -> api().resolveDigest(ImageName.parse(host + "/ns/model"),
                RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(RegistryProblem.UNREACHABLE);
                    assertThat(p.status().value()).isEqualTo(502);
                });
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
