package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesErrors;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console against an API server that is down at start-up, comes back, goes away again, answers 429/503 or
 * denies the console's ServiceAccount: it starts anyway, liveness stays up, readiness and pages say what is going
 * on, retries are bounded, and everything recovers by itself. Its own API server (not the shared one): these tests
 * stop it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

    static final MockKubernetesApi api = seededThenStopped();

    private static MockKubernetesApi seededThenStopped() {
        MockKubernetesApi started = MockKubernetesApi.start();
        new KServeSeed(started.client()).all();
        started.stopAnswering();
        return started;
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", api::url);
        registry.add("console.kubernetes.request-timeout", () -> "2s");
        registry.add("console.kubernetes.health.probe-interval", () -> "300ms");
    }

    @AfterAll
    static void close() {
        api.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KubernetesClient client;

    @Autowired
    KServeDiscovery discovery;

    @AfterEach
    void answerNormally() {
        api.answerNormally();
    }

    @Test
    @Order(1)
    void whenApiServerIsDownAtStartThenConsoleStartsLivenessUpReadinessDown() {
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(503));
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);

        HttpResponse<String> overview = ConsoleHttp.browser(base(), "viewer", "viewer").get("/");
        assertThat(overview.statusCode()).isEqualTo(503);
        assertThat(overview.headers().firstValue("Retry-After")).isPresent();
        assertThat(overview.body()).contains("data-testid=\"cluster-unreachable\"").doesNotContain("data as of")
                .doesNotContain("Exception").doesNotContain("127.0.0.1:" + api.port());
    }

    @Test
    @Order(2)
    void whenApiServerComesBackThenEverythingRecoversByItself() {
        api.resumeAnswering();
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
        ConsoleHttp viewer = ConsoleHttp.browser(base(), "viewer", "viewer");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            HttpResponse<String> overview = viewer.get("/");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("v0.20.0").doesNotContain("data-testid=\"cluster-unreachable\"");
        });
    }

    @Test
    @Order(3)
    void whenApiServerGoesAwayLaterThenPagesShowLastKnownDataAsOfLastContact() {
        ConsoleHttp viewer = ConsoleHttp.browser(base(), "viewer", "viewer");
        assertThat(viewer.get("/").statusCode()).isEqualTo(200);
        api.stopAnswering();
        try {
            ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(503));
            assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> overview = viewer.get("/");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("v0.20.0").contains("data-testid=\"cluster-unreachable\"")
                    .contains("data as of").containsPattern("<time datetime=\"20\\d\\d-");
        } finally {
            api.resumeAnswering();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ConsoleHttp.anonymous(base()).get("/actuator/health/readiness").statusCode())
                        .isEqualTo(200));
        // the inventory's watch reconnects with its own backoff: the banner goes once it has resynced too
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(viewer.get("/").body()).doesNotContain("data-testid=\"cluster-unreachable\""));
    }

    @Test
    @Order(4)
    void whenApiServerAnswers503ThenRetriesAreBoundedThenClusterUnreachable() {
        api.answerWith(503);
        api.clearRequests();
        assertThatThrownBy(() -> listControllers()).isInstanceOf(ClusterUnreachableException.class)
                .hasMessageNotContaining("injected fault");
        // one attempt plus requestRetryBackoffLimit (3) retries, then it gives up
        assertThat(api.count("GET", p -> p.contains("retry-probe"))).isEqualTo(4);
    }

    @Test
    @Order(5)
    void whenApiServerAnswers429ThenRetriesAreBoundedThenClusterUnreachable() {
        api.answerWith(429);
        api.clearRequests();
        assertThatThrownBy(() -> listControllers()).isInstanceOf(ClusterUnreachableException.class);
        assertThat(api.count("GET", p -> p.contains("retry-probe"))).isEqualTo(4);
    }

    @Test
    @Order(6)
    void whenApiServerRecoversWhileRetryingThenTheCallSucceeds() throws Exception {
        api.answerWith(503);
        api.clearRequests();
        CompletableFuture<Void> recover = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.count("GET", p -> p.contains("retry-probe")) >= 1);
            api.answerNormally();
        });
        assertThat(listControllers()).isEmpty();
        recover.get();
        assertThat(api.count("GET", p -> p.contains("retry-probe"))).isBetween(2L, 4L);
    }

    @Test
    @Order(7)
    void whenServiceAccountMayNotListDeploymentsThenBadGatewayNamingThePermission() {
        discovery.refresh();
        api.answerWith(403, p -> p.contains("/deployments"));
        HttpResponse<String> overview = ConsoleHttp.browser(base(), "viewer", "viewer").get("/");
        assertThat(overview.statusCode()).isEqualTo(502);
        assertThat(overview.body()).contains("may not list deployments").contains("ServiceAccount")
                .doesNotContain("injected fault").doesNotContain("Status").doesNotContain("Exception");
        assertThatThrownBy(this::listControllers).isInstanceOf(ClusterPermissionDeniedException.class);

        api.answerWith(403, p -> p.contains("/configmaps"));
        HttpResponse<String> config = ConsoleHttp.basic(base(), "viewer", "viewer").get("/api/v1/storage-initializer");
        assertThat(config.statusCode()).isEqualTo(502);
        assertThat(config.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(config.body()).contains("urn:modelcar-console:problem:cluster-permission-denied")
                .contains("missingPermission").contains("configmaps").doesNotContain("injected fault")
                .doesNotContain("\"kind\":\"Status\"");
        // a 403 is an answer: the cluster is reachable, readiness stays up
        assertThat(ConsoleHttp.anonymous(base()).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    /** An API server that answers but fails (etcd's 500): the page says so as a 502, never an "Internal error". */
    @Test
    @Order(8)
    void whenTheApiServerFailsAListThenThePageSaysSoAsBadGateway() {
        ConsoleHttp viewer = ConsoleHttp.browser(base(), "viewer", "viewer");
        discovery.refresh();
        api.answerWith(500, p -> p.contains("/deployments"));
        HttpResponse<String> overview;
        HttpResponse<String> login;
        try {
            overview = viewer.get("/");
            login = ConsoleHttp.anonymous(base()).get("/login");
        } finally {
            api.answerNormally();
            discovery.refresh();
        }

        assertThat(login.statusCode()).as("signing in does not need the cluster").isEqualTo(200);
        assertThat(overview.statusCode()).isEqualTo(502);
        assertThat(overview.body()).contains("Kubernetes API server failed").contains("list deployments")
                .doesNotContain("injected fault").doesNotContain("Status(").doesNotContain("Exception");
    }

    private java.util.List<?> listControllers() {
        // a label of its own, so that the request count sees this call only (the console's own watchers also list)
        return KubernetesErrors.call("list", "deployments", () -> client.apps().deployments()
                .inNamespace("kserve").withLabel("retry-probe", "true").list().getItems());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
