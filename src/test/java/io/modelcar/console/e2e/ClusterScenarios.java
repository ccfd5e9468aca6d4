package io.modelcar.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The end-to-end scenarios of the REST contract (shared/docs/api.md), written once and run against every kind of
 * cluster: the in-memory API server ({@link MockClusterScenariosTest}) here, a real K3s
 * ({@link K3sClusterScenariosTest}) where Docker exists. An implementation names the console under test and gives
 * a client of the same cluster to arrange it, as an administrator with kubectl would.
 * <p>
 * An interface with default test methods rather than an abstract class, so that each cluster keeps its own base
 * class. Scenarios leave the cluster as they found it (their own objects, restored values).
 */
public interface ClusterScenarios {

    JsonMapper JSON = JsonMapper.builder().build();
    List<String> RESTART_STATES = List.of("Pending", "Progressing", "Succeeded", "Failed");
    Duration PATIENCE = Duration.ofSeconds(60);

    /** The console under test, e.g. {@code http://localhost:41234}. */
    String consoleUrl();

    /** A client of the cluster the console manages, for arranging and checking it. */
    KubernetesClient cluster();

    /** The sandbox operator (sandbox profile): may read and write. */
    default ConsoleHttp operator() {
        return ConsoleHttp.basic(consoleUrl(), "operator", "operator");
    }

    @Test
    default void storageInitializerWritesAreLockedToTheVersionRead() {
        ConsoleHttp http = operator();
        HttpResponse<String> read = http.get("/api/v1/storage-initializer");
        assertThat(read.statusCode()).isEqualTo(200);
        String firstEtag = read.headers().firstValue("ETag").orElseThrow();
        JsonNode first = JSON.readTree(read.body());
        assertThat(firstEtag).isEqualTo("\"" + first.get("resourceVersion").asString() + "\"");
        String originalCpu = first.get("config").path("cpuModelcar").asString("10m");

        // a fresh version: written, answered with the new ETag
        HttpResponse<String> fresh = put(http, first.get("config"), "cpuModelcar", "12m", firstEtag);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        String secondEtag = fresh.headers().firstValue("ETag").orElseThrow();
        assertThat(secondEtag).isNotEqualTo(firstEtag);
        assertThat(JSON.readTree(fresh.body()).get("config").get("cpuModelcar").asString()).isEqualTo("12m");

        // the version read before is stale now: refused with the current version, nothing written
        HttpResponse<String> stale = put(http, first.get("config"), "cpuModelcar", "13m", firstEtag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat("\"" + JSON.readTree(stale.body()).get("currentResourceVersion").asString() + "\"")
                .isEqualTo(secondEtag);
        HttpResponse<String> after = http.get("/api/v1/storage-initializer");
        assertThat(after.headers().firstValue("ETag")).hasValue(secondEtag);
        assertThat(JSON.readTree(after.body()).get("config").get("cpuModelcar").asString()).isEqualTo("12m");

        // leave the cluster as found
        HttpResponse<String> restored = put(http, first.get("config"), "cpuModelcar", originalCpu, secondEtag);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    }

    @Test
    default void anInferenceServiceCreatedInTheClusterAppearsInTheInventory() {
        String namespace = "modelcar-demo";
        String name = "scenario-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        GenericKubernetesResource isvc = new GenericKubernetesResourceBuilder()
                .withApiVersion(KServeResources.GROUP + "/" + KServeResources.VERSION)
                .withKind("InferenceService")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", java.util.Map.of("predictor", java.util.Map.of("model",
                        java.util.Map.of("modelFormat", java.util.Map.of("name", "sklearn"),
                                "storageUri", "oci://registry.example.com/models/scenario:1.0"))))
                .build();
        var inferenceServices = cluster().genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inNamespace(namespace);
        inferenceServices.resource(isvc).create();
        try {
            ConsoleHttp http = operator();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> list = http.get("/api/v1/inferenceservices?namespace=" + namespace + "&q=" + name);
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(list.body()).get("items").valueStream()
                        .map(item -> item.get("name").asString())).contains(name);
            });

            HttpResponse<String> one = http.get("/api/v1/inferenceservices/" + namespace + "/" + name);
            assertThat(one.statusCode()).isEqualTo(200);
            JsonNode item = JSON.readTree(one.body());
            assertThat(item.get("namespace").asString()).isEqualTo(namespace);
            JsonNode storage = item.get("storage").get(0);
            assertThat(storage.get("uri").asString()).isEqualTo("oci://registry.example.com/models/scenario:1.0");
            assertThat(storage.get("oci").get("tag").asString()).isEqualTo("1.0");
        } finally {
            inferenceServices.withName(name).delete();
        }
    }

    @Test
    default void aControllerRestartIsAcceptedAndCanBeFollowed() {
        ConsoleHttp http = operator();
        HttpResponse<String> started = http.send("POST", "/api/v1/kserve/controller/restarts", null, null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode restart = JSON.readTree(started.body());
        String id = restart.get("id").asString();
        assertThat(started.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/api/v1/kserve/controller/restarts/" + id));
        assertThat(restart.get("state").asString()).isIn(RESTART_STATES);

        HttpResponse<String> followed = http.get("/api/v1/kserve/controller/restarts/" + id);
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(followed.body()).get("id").asString()).isEqualTo(id);
        assertThat(JSON.readTree(followed.body()).get("state").asString()).isIn(RESTART_STATES);

        // the restart is real: the controller's pod template was stamped, as kubectl rollout restart does
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster().apps().deployments().inNamespace("kserve")
                .withName("kserve-controller-manager").get().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt"));
    }

    private static HttpResponse<String> put(ConsoleHttp http, JsonNode config, String key, String value,
            String ifMatch) {
        ObjectNode changed = (ObjectNode) config.deepCopy();
        changed.put(key, value);
        return http.send("PUT", "/api/v1/storage-initializer", "application/json", JSON.writeValueAsString(changed),
                "If-Match", ifMatch);
    }
}
