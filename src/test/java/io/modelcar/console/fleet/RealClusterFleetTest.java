package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.deploy.ChartRbacOnTheRealServerTest;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two API servers at once, one of them real: the default cluster on the in-memory API, the remote cluster
 * {@code real} on a control plane of this class's own (kube-apiserver with TLS, RBAC and etcd), reached as
 * docs/deployment.md sets a remote cluster up: as the chart's ServiceAccount with only the chart's RBAC there, by its
 * API server URL, a token of that ServiceAccount and the cluster's CA, each in a file (the Secret's keys). Promotion onto the real server, its own conflict answer, and the real server down while the other
 * cluster works. Skipped where the control plane is not built.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.kubernetes.request-timeout=3s")
@ActiveProfiles("sandbox")
class RealClusterFleetTest extends MockClusterTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static ControlPlane real;
    private static Path remoteToken;

    static synchronized ControlPlane real() {
        if (real == null) {
            real = ControlPlane.startOwn();
            new KServeSeed(real.adminClient()).allOnRealCluster();
            ConfigMap map = real.adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE)
                    .withName(KServeSeed.CONFIG_MAP).get();
            map.getData().put("storageInitializer", map.getData().get("storageInitializer")
                    .replace("\"memoryLimit\": \"1Gi\"", "\"memoryLimit\": \"8Gi\""));
            real.adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(map).update();
            try {
                // the remote cluster's identity as docs/deployment.md sets it up: the chart's ServiceAccount and RBAC
                // applied there, a token of it and the cluster's CA in the files a Secret would mount
                String account = ChartRbacOnTheRealServerTest.applyTheChartsRbac(real, real.workDirectory());
                Path token = real.workDirectory().resolve("remote-cluster-token");
                Files.writeString(token, real.serviceAccountToken(ChartRbacOnTheRealServerTest.releaseNamespace(),
                        account));
                remoteToken = token;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return real;
    }

    @DynamicPropertySource
    static void realCluster(DynamicPropertyRegistry registry) {
        registry.add("console.clusters.remote[0].name", () -> "real");
        registry.add("console.clusters.remote[0].master-url", () -> real().url());
        registry.add("console.clusters.remote[0].token-file", () -> {
            real();
            return remoteToken.toString();
        });
        registry.add("console.clusters.remote[0].ca-file", () -> real().caCertificate().toString());
        registry.add("console.clusters.remote[0].kserve-namespace", () -> KServeSeed.NAMESPACE);
        registry.add("console.clusters.remote[0].controller-name", () -> KServeSeed.CONTROLLER);
        registry.add("console.clusters.remote[0].environment", () -> "test");
    }

    @AfterAll
    static void stop() {
        if (real != null) {
            real.close();
        }
    }

    @LocalServerPort
    int port;

    ConsoleHttp as(String user) {
        return ConsoleHttp.basic("http://localhost:" + port, user, user);
    }

    static String realMemoryLimit() {
        return JSON.readTree(real().adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get().getData().get("storageInitializer"))
                .get("memoryLimit").stringValue();
    }

    @Test
    void whenPromotingOntoTheRealServerThenDiffThenConflictThenWriteAndThenItGoesDownAlone() {
        JsonNode clusters = JSON.readTree(as("viewer").get("/api/v1/clusters").body());
        assertThat(clusters.get(1).get("name").stringValue()).isEqualTo("real");
        assertThat(clusters.get(1).get("reachable").booleanValue()).isTrue();
        assertThat(clusters.get(1).get("kserveVersion").stringValue()).isEqualTo("v0.20.0");
        assertThat(JSON.readTree(as("viewer").get("/api/v1/clusters/real/storage-initializer").body())
                .get("config").get("memoryLimit").stringValue()).isEqualTo("8Gi");

        JsonNode preview = JSON.readTree(as("operator").send("POST", "/api/v1/fleet/promotions", "application/json",
                "{\"source\": \"local\", \"target\": \"real\", \"dryRun\": true}").body());
        assertThat(preview.get("diff").toString()).contains("memoryLimit").contains("8Gi");
        String version = preview.get("resourceVersion").stringValue();
        assertThat(realMemoryLimit()).isEqualTo("8Gi");

        ConfigMap concurrent = real().adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get();
        concurrent.getData().put("storageInitializer", concurrent.getData().get("storageInitializer")
                .replace("\"memoryLimit\": \"8Gi\"", "\"memoryLimit\": \"9Gi\""));
        real().adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(concurrent).update();
        HttpResponse<String> stale = as("operator").send("POST", "/api/v1/fleet/promotions", "application/json",
                "{\"source\": \"local\", \"target\": \"real\", \"targetResourceVersion\": \"" + version + "\"}");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(realMemoryLimit()).isEqualTo("9Gi");

        String current = JSON.readTree(as("operator").send("POST", "/api/v1/fleet/promotions", "application/json",
                "{\"source\": \"local\", \"target\": \"real\", \"dryRun\": true}").body())
                .get("resourceVersion").stringValue();
        HttpResponse<String> written = as("operator").send("POST", "/api/v1/fleet/promotions", "application/json",
                "{\"source\": \"local\", \"target\": \"real\", \"targetResourceVersion\": \"" + current + "\"}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(realMemoryLimit()).isEqualTo(JSON.readTree(as("viewer").get("/api/v1/storage-initializer")
                .body()).get("config").get("memoryLimit").stringValue());
        // the rest of what the console does on a cluster, as the chart's ServiceAccount there
        JsonNode history = JSON.readTree(as("viewer").get("/api/v1/clusters/real/storage-initializer/history")
                .body());
        assertThat(history.get(0).get("origin").stringValue()).startsWith("local@");
        for (String path : List.of("/api/v1/clusters/real/toggles", "/api/v1/clusters/real/kserve",
                "/api/v1/clusters/real/kserve/controller/restarts")) {
            HttpResponse<String> read = as("viewer").get(path);
            assertThat(read.statusCode()).as(path + ": " + read.body()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(as("viewer")
                .get("/api/v1/clusters/real/inferenceservices?namespace=modelcar-demo").body())
                .as("the inventory's watches, as the ServiceAccount").contains("sklearn-iris"));

        real().killApiServer();
        try {
            assertThat(as("viewer").get("/api/v1/clusters/real/storage-initializer").statusCode()).isEqualTo(503);
            assertThat(as("viewer").get("/api/v1/storage-initializer").statusCode()).isEqualTo(200);
            JsonNode fleet = JSON.readTree(as("viewer").get("/api/v1/fleet").body());
            assertThat(fleet.get("clusters").get(1).get("reachable").booleanValue()).isFalse();
            assertThat(fleet.get("clusters").get(0).get("reachable").booleanValue()).isTrue();
        } finally {
            real().startApiServer();
        }
    }
}
