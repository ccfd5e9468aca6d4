package io.modelcar.console.inferenceservices;

import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.isvc;
import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.json;
import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.ControllerDeployments;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The inventory follows the cluster: the event stream, the storageInitializer configuration, and a broken watch
 * (stale, visibly) that heals by itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class InventoryLiveTest extends MockClusterTest {

    @LocalServerPort
    int port;

    ConsoleHttp viewer;
    KubernetesClient client = api.client();

    // what the console's inventory watcher is made of, for watchers of the tests' own
    @Autowired
    KubernetesClient consoleClient;
    @Autowired
    KServeDiscovery discovery;
    @Autowired
    KubernetesProperties kubernetes;
    @Autowired
    InventoryProperties properties;
    @Autowired
    tools.jackson.databind.json.JsonMapper mapper;
    @Autowired
    ControllerDeployments deployments;
    @Autowired
    java.time.Clock clock;

    @BeforeEach
    void synced() {
        viewer = ConsoleHttp.basic(base(), "viewer", "viewer");
        poll(Duration.ofSeconds(20), () -> json(viewer.get("/api/v1/inferenceservices?q=sklearn-iris")),
                body -> body.get("total").asInt() == 1 && !body.get("stale").asBoolean());
    }

    @Test
    void theStreamAnnouncesChanges() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/inferenceservices/stream"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer"
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            poll(Duration.ofSeconds(2), () -> String.join("\n", lines), text -> text.contains("event:state"));
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("inventory-stream")
                    .resource(isvc("inventory-stream", "streamed", "oci://quay.io/acme-ai/streamed:1")).create();

            String text = poll(Duration.ofSeconds(2), () -> String.join("\n", lines),
                    t -> t.contains("\"name\":\"streamed\""));
            assertThat(text).contains("event:change").contains("\"type\":\"ADDED\"");
        } finally {
            response.body().close();
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("inventory-stream")
                    .withName("streamed").delete();
        }
    }

    @Test
    void whenModelcarsAreSwitchedOffThenOciInferenceServicesAreModelcarDisabled() {
        ConfigMap original = client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP)
                .get();
        String storage = original.getData().get("storageInitializer");
        try {
            client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
                cm.getData().put("storageInitializer", storage.replace("\"enableModelcar\": true",
                        "\"enableModelcar\": false"));
                return cm;
            });

            JsonNode item = json(poll(Duration.ofSeconds(2),
                    () -> viewer.get("/api/v1/inferenceservices/modelcar-demo/sklearn-iris"),
                    r -> r.body().contains("\"verdict\":\"modelcar-disabled\"")));
            assertThat(InferenceServiceApiTest.codes(item)).contains("modelcar-disabled");
            assertThat(json(viewer.get("/api/v1/kserve")).get("modelcarEnabled").asBoolean()).isFalse();
        } finally {
            client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
                cm.getData().put("storageInitializer", storage);
                return cm;
            });
        }
        poll(Duration.ofSeconds(2), () -> viewer.get("/api/v1/inferenceservices/modelcar-demo/sklearn-iris"),
                r -> r.body().contains("\"verdict\":\"modelcar-ready\""));
    }

    @Test
    void whenTheApiServerStopsAnsweringThenStaleWithANoticeAndRecoversByItself() {
        ConsoleHttp browser = ConsoleHttp.browser(base(), "viewer", "viewer");
        api.stopAnswering();
        try {
            JsonNode stale = json(poll(Duration.ofSeconds(30), () -> viewer.get("/api/v1/inferenceservices"),
                    r -> r.statusCode() == 200 && json(r).get("stale").asBoolean()));
            assertThat(stale.get("asOf").asString()).isNotBlank();
            assertThat(stale.get("total").asInt()).as("the last known state is still served").isPositive();

            HttpResponse<String> page = browser.get("/inferenceservices");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("data-testid=\"cluster-unreachable\"").contains("data as of")
                    .contains("sklearn-iris");
            assertThat(browser.get("/").statusCode()).isEqualTo(200);
            assertThat(ConsoleHttp.anonymous(base()).get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            api.resumeAnswering();
        }

        poll(Duration.ofSeconds(60), () -> viewer.get("/api/v1/inferenceservices"),
                r -> r.statusCode() == 200 && !json(r).get("stale").asBoolean());
        assertThat(browser.get("/inferenceservices").body()).doesNotContain("data-testid=\"cluster-unreachable\"");
        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("inventory-recovered")
                .resource(isvc("inventory-recovered", "after", "oci://quay.io/acme-ai/after:1")).create();
        try {
            poll(Duration.ofSeconds(2), () -> viewer.get("/api/v1/inferenceservices/inventory-recovered/after"),
                    r -> r.statusCode() == 200);
        } finally {
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("inventory-recovered")
                    .withName("after").delete();
        }
    }

    /**
     * The summaries are derived with the storageInitializer configuration from the first: the ConfigMap is read
     * before the inventory says synced, not after it (which derived every summary a second time and sent each one
     * as a change, 50,000 of them in the benchmark, right after "synced").
     */
    @Test
    void theConfigurationIsReadBeforeTheInventorySaysSynced() {
        InventoryWatcher watcher = watcher();
        List<OciConfig> configAtSync = new CopyOnWriteArrayList<>();
        List<Inventory.Change> afterSync = new CopyOnWriteArrayList<>();
        watcher.inventory().onChange(change -> {
            if (Inventory.SYNCED.equals(change.type())) {
                configAtSync.add(watcher.inventory().config());
            } else if (!configAtSync.isEmpty()) {
                afterSync.add(change);
            }
        });
        watcher.start();
        try {
            poll(Duration.ofSeconds(20), () -> watcher.state().synced(), synced -> synced);
            assertThat(configAtSync).hasSize(1);
            assertThat(configAtSync.get(0)).as("the configuration when the inventory said synced")
                    .isNotEqualTo(OciConfig.UNKNOWN);
            assertThat(configAtSync.get(0).enableModelcar()).isTrue();
            // three more checks: the configuration is not applied again behind the sync
            sleep(3 * properties.checkInterval().toMillis());
            assertThat(afterSync).as("changes sent after the sync, with nothing changed in the cluster").isEmpty();
        } finally {
            watcher.stop();
        }
    }

    /** A ConfigMap the console may not read holds the sync back for a few seconds only, not for ever. */
    @Test
    void whenTheConfigMapCannotBeReadThenTheInventorySyncsWithoutIt() {
        api.answerWith(403, path -> path.contains("/configmaps"));
        InventoryWatcher watcher = watcher();
        watcher.start();
        try {
            poll(InventoryWatcher.CONFIG_WAIT.plusSeconds(15), () -> watcher.state().synced(), synced -> synced);
            assertThat(watcher.inventory().config()).isEqualTo(OciConfig.UNKNOWN);
            assertThat(watcher.inventory().get("modelcar-demo", "sklearn-iris")).isNotNull();
        } finally {
            watcher.stop();
            api.answerNormally();
        }
    }

    /** An inventory watcher of the test's own, beside the console's, not started. */
    private InventoryWatcher watcher() {
        return new InventoryWatcher(consoleClient, discovery, kubernetes, properties, mapper, deployments, clock);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
