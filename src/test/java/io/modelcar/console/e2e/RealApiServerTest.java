package io.modelcar.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.RealClusterTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What only a real API server shows (issue 11, point 3): writes locked to the resourceVersion against a concurrent
 * kubectl change, the console's dry run and merge-patch semantics over a real store, the history ConfigMap, a
 * controller restart followed through a real Deployment rollout (the controller manager's new ReplicaSet, kwok's
 * Ready pod) to Succeeded and, when the new pod crash-loops, to Failed, and an API server killed and started again
 * while the console runs (its watches then resume from a compacted history: 410 Gone, relist).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealApiServerTest extends RealClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SI = "/api/v1/storage-initializer";
    static final String RESTARTS = "/api/v1/kserve/controller/restarts";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    ConsoleHttp operator() {
        return ConsoleHttp.basic("http://localhost:" + port, "operator", "operator");
    }

    KubernetesClient admin() {
        return controlPlane().adminClient();
    }

    ConfigMap storedConfig() {
        return admin().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get();
    }

    String etag() {
        return operator().get(SI).headers().firstValue("ETag").orElseThrow();
    }

    HttpResponse<String> patch(String body, String etag) {
        return operator().send("PATCH", SI, "application/merge-patch+json", body, "If-Match", etag);
    }

    @Test
    @Order(1)
    void aConcurrentKubectlChangeIsNeverOverwritten() {
        String etag = etag();
        String marker = UUID.randomUUID().toString();
        controlPlane().kubectl("-n", KServeSeed.NAMESPACE, "patch", "configmap", KServeSeed.CONFIG_MAP,
                "--type=merge", "-p", "{\"data\":{\"modelcar-test\":\"" + marker + "\"}}");
        String storageInitializer = storedConfig().getData().get("storageInitializer");

        HttpResponse<String> stale = patch("{\"cpuModelcar\": \"17m\"}", etag);

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        ConfigMap after = storedConfig();
        assertThat(after.getData()).containsEntry("modelcar-test", marker)
                .containsEntry("storageInitializer", storageInitializer);
        controlPlane().kubectl("-n", KServeSeed.NAMESPACE, "patch", "configmap", KServeSeed.CONFIG_MAP,
                "--type=merge", "-p", "{\"data\":{\"modelcar-test\":null}}");
    }

    @Test
    @Order(2)
    void aDryRunWritesNothingToTheRealStore() {
        String before = storedConfig().getMetadata().getResourceVersion();
        HttpResponse<String> dryRun = operator().send("PATCH", SI + "?dryRun=true", "application/merge-patch+json",
                "{\"cpuModelcar\": \"19m\"}", "If-Match", etag());
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(JSON.readTree(dryRun.body()).get("dryRun").asBoolean()).isTrue();
        assertThat(storedConfig().getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(storedConfig().getData().get("storageInitializer")).doesNotContain("19m");
    }

    @Test
    @Order(3)
    void aMergePatchNullRemovesTheKeyAndEveryWriteIsInTheHistoryConfigMap() {
        int recorded = JSON.readTree(operator().get(SI + "/history").body()).size();
        HttpResponse<String> set = patch("{\"cpuModelcar\": \"21m\"}", etag());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(storedConfig().getData().get("storageInitializer")).get("cpuModelcar").asString())
                .isEqualTo("21m");

        HttpResponse<String> removed = patch("{\"cpuModelcar\": null}", set.headers().firstValue("ETag")
                .orElseThrow());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        JsonNode stored = JSON.readTree(storedConfig().getData().get("storageInitializer"));
        assertThat(stored.has("cpuModelcar")).as(stored.toString()).isFalse();

        ConfigMap history = admin().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName("modelcar-console-history").get();
        assertThat(history).as("the history ConfigMap on the real server").isNotNull();
        JsonNode entries = JSON.readTree(operator().get(SI + "/history").body());
        assertThat(entries.size()).as("one entry per write").isEqualTo(recorded + 2);
        assertThat(entries.get(0).get("diff").toString()).contains("cpuModelcar");
        assertThat(entries.get(1).get("diff").toString()).contains("cpuModelcar").contains("21m");
    }

    @Test
    @Order(4)
    void aControllerRestartIsFollowedThroughARealRolloutToSucceeded() {
        List<String> podsBefore = controllerPods().stream().map(p -> p.getMetadata().getName()).toList();
        JsonNode done = restartAndFollow();

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("Succeeded");
        List<Pod> podsAfter = controllerPods();
        assertThat(podsAfter).isNotEmpty().allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).isNotIn(podsBefore);
            assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
        });
    }

    @Test
    @Order(5)
    void aControllerRestartWhoseNewPodCrashLoopsFails() {
        var deployments = admin().apps().deployments().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONTROLLER);
        deployments.edit(d -> {
            d.getSpec().getTemplate().getMetadata().getLabels().put(ControlPlane.CRASH_LOOP_LABEL, "true");
            return d;
        });
        try {
            JsonNode done = restartAndFollow();

            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("Failed");
            assertThat(done.toString()).contains("CrashLoopBackOff");
        } finally {
            deployments.edit(d -> {
                d.getSpec().getTemplate().getMetadata().getLabels().remove(ControlPlane.CRASH_LOOP_LABEL);
                return d;
            });
            await().atMost(PATIENCE).until(() -> {
                var status = deployments.get().getStatus();
                return status != null && java.util.Objects.equals(status.getUpdatedReplicas(), 1)
                        && java.util.Objects.equals(status.getReadyReplicas(), 1)
                        && java.util.Objects.equals(status.getReplicas(), 1);
            });
        }
    }

    @Test
    @Order(6)
    void whenTheApiServerIsKilledTheConsoleShowsStaleDataRefusesWritesAndRecoversByItself() {
        ConsoleHttp operator = operator();
        String inventory = "/api/v1/inferenceservices?namespace=modelcar-demo";
        JsonNode listed = JSON.readTree(operator.get(inventory).body());
        String etag = etag();

        controlPlane().killApiServer();
        try {
            HttpResponse<String> stale = operator.get(inventory);
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(stale.body()).get("items")).isEqualTo(listed.get("items"));
            HttpResponse<String> write = patch("{\"cpuModelcar\": \"23m\"}", etag);
            assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
            assertThat(write.headers().firstValue("Retry-After")).isPresent();
            // what the watches saw before is compacted away: they resume with 410 Gone and list again
            controlPlane().compactEtcd();
        } finally {
            controlPlane().startApiServer();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(patch("{\"cpuModelcar\": \"23m\"}", etag).statusCode()).isEqualTo(200));
        assertThat(JSON.readTree(storedConfig().getData().get("storageInitializer")).get("cpuModelcar").asString())
                .isEqualTo("23m");
        JsonNode history = JSON.readTree(operator.get(SI + "/history").body());
        assertThat(history.valueStream().filter(e -> e.toString().contains("23m")).count())
                .as("the write was applied once").isEqualTo(1);

        String name = "after-restart-" + UUID.randomUUID().toString().substring(0, 8);
        admin().genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("modelcar-demo")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion(KServeResources.GROUP + "/" + KServeResources.VERSION)
                        .withKind("InferenceService")
                        .withNewMetadata().withName(name).withNamespace("modelcar-demo").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                                "modelFormat", Map.of("name", "sklearn"),
                                "storageUri", "oci://registry.example.com/models/after:1.0"))))
                        .build()).create();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    operator.get(inventory + "&q=" + name).body()).contains("\"" + name + "\""));
        } finally {
            admin().genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace("modelcar-demo")
                    .withName(name).delete();
        }
    }

    private List<Pod> controllerPods() {
        return admin().pods().inNamespace(KServeSeed.NAMESPACE)
                .withLabel("control-plane", "kserve-controller-manager").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && !p.getMetadata().getOwnerReferences().isEmpty())
                .toList();
    }

    /** Starts a restart (waiting while another one runs) and follows it until it is done. */
    private JsonNode restartAndFollow() {
        ConsoleHttp operator = operator();
        String[] id = new String[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> started = operator.send("POST", RESTARTS, null, null);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            id[0] = JSON.readTree(started.body()).get("id").asString();
        });
        JsonNode[] done = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode restart = JSON.readTree(operator.get(RESTARTS + "/" + id[0]).body());
            assertThat(restart.get("state").asString()).as(restart.toString()).isIn("Succeeded", "Failed");
            done[0] = restart;
        });
        return done[0];
    }
}
