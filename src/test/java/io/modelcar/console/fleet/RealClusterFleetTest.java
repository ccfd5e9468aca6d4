package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.fabric8.kubernetes.api.model.ConfigMap;
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
 * {@code real} on a control plane of this class's own (kube-apiserver with TLS, RBAC and etcd), reached through its
 * kubeconfig. Promotion onto the real server, its own conflict answer, and the real server down while the other
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

    static synchronized ControlPlane real() {
        if (real == null) {
            real = ControlPlane.startOwn();
            new KServeSeed(real.adminClient()).allOnRealCluster();
            ConfigMap map = real.adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE)
                    .withName(KServeSeed.CONFIG_MAP).get();
            map.getData().put("storageInitializer", map.getData().get("storageInitializer")
                    .replace("\"memoryLimit\": \"1Gi\"", "\"memoryLimit\": \"8Gi\""));
            real.adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(map).update();
        }
        return real;
    }

    @DynamicPropertySource
    static void realCluster(DynamicPropertyRegistry registry) {
        registry.add("console.clusters.remote[0].name", () -> "real");
        registry.add("console.clusters.remote[0].kubeconfig", () -> real().adminKubeconfig().toString());
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
