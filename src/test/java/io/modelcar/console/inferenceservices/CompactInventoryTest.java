package io.modelcar.console.inferenceservices;

import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.json;
import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The informers keep only compact facts, and nothing the pages or the API showed is lost: on the seeded sandbox data,
 * and after InferenceServices and pods change and go, every InferenceService the console shows equals, field by
 * field, what the whole objects from the API server give (the representation before the compact stores: the full
 * InferenceService and its full pods summarised directly), and the API's JSON equals that summary's JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class CompactInventoryTest extends MockClusterTest {

    static final String NS = "compact-store";

    @LocalServerPort
    int port;

    @Autowired
    InferenceServiceInventory inventory;

    @Autowired
    JsonMapper json;

    KubernetesClient client = api.client();

    @Test
    void everyShownFieldEqualsTheSummaryOfTheWholeObjects() {
        ConsoleHttp viewer = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer");
        awaitSame();
        assertThat(fromWholeObjects()).as("the seeded sandbox data").hasSizeGreaterThanOrEqualTo(
                KServeSeed.sampleInferenceServices().size());
        assertApiShows(viewer, fromWholeObjects());

        // changes travel through the compact stores too: a new InferenceService with its pod, a pod that cannot pull
        // its modelcar, a changed storage URI, a deleted pod and a deleted InferenceService
        new KServeSeed(client).namespace(NS);
        Instant created = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (String name : List.of("kept", "changed", "gone")) {
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NS)
                    .resource(InferenceServiceApiTest.isvc(NS, name, "oci://quay.io/acme/" + name + ":1")).create();
            client.pods().inNamespace(NS).resource(KServeSeed.pod(NS, name, KServeSeed.PodKind.MODELCAR,
                    "quay.io/acme/" + name + ":1", created, created.plusSeconds(12))).create();
        }
        awaitSame();
        Pod stuck = client.pods().inNamespace(NS).withLabel(InventoryWatcher.ISVC_LABEL, "kept").list().getItems()
                .get(0);
        stuck.setStatus(KServeSeed.pod(NS, "kept", KServeSeed.PodKind.MODELCAR_PULL_ERROR, "quay.io/acme/kept:1",
                created, null).getStatus());
        client.pods().inNamespace(NS).resource(stuck).updateStatus();
        GenericKubernetesResource changed = client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inNamespace(NS).withName("changed").get();
        changed.getAdditionalProperties().put("spec", Map.of("predictor", Map.of("model", Map.of("storageUri",
                "oci://quay.io/acme/changed:latest"))));
        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NS).resource(changed)
                .update();
        client.pods().inNamespace(NS).withLabel(InventoryWatcher.ISVC_LABEL, "changed").delete();
        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NS).withName("gone")
                .delete();
        Map<String, InferenceServiceSummary> after = awaitSame();
        assertThat(after.get(Inventory.key(NS, "kept")).verdict()).isEqualTo(Verdicts.IMAGE_PULL_ERROR);
        assertThat(after.get(Inventory.key(NS, "changed")).modelcar().pods()).isEmpty();
        assertThat(after).doesNotContainKey(Inventory.key(NS, "gone"));
        assertApiShows(viewer, after);
    }

    /**
     * Waits until the console shows what the whole objects give, then compares field by field. The KServe
     * configuration is read first (the ConfigMap is watched once the inventory has synced, and it changes what a
     * summary says: the KServe version in a warning), so that both sides are computed with the same one.
     */
    private Map<String, InferenceServiceSummary> awaitSame() {
        poll(Duration.ofSeconds(20), inventory::ociConfig, config -> config != OciConfig.UNKNOWN);
        poll(Duration.ofSeconds(20), this::shown, shown -> shown.equals(fromWholeObjects()));
        Map<String, InferenceServiceSummary> expected = fromWholeObjects();
        Map<String, InferenceServiceSummary> shown = shown();
        assertThat(shown.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, summary) -> assertThat(shown.get(key)).as(key).usingRecursiveComparison()
                .isEqualTo(summary));
        return expected;
    }

    private Map<String, InferenceServiceSummary> shown() {
        Map<String, InferenceServiceSummary> shown = new TreeMap<>();
        inventory.query(new InventoryQuery(null, null, null, null, null, 10_000, null)).items()
                .forEach(s -> shown.put(Inventory.key(s.namespace(), s.name()), s));
        return shown;
    }

    /** The summaries as computed from the whole InferenceServices and pods, read from the API server now. */
    private Map<String, InferenceServiceSummary> fromWholeObjects() {
        Map<String, List<PodFacts>> pods = new TreeMap<>();
        for (Pod pod : client.pods().inAnyNamespace().withLabel(InventoryWatcher.ISVC_LABEL).list().getItems()) {
            String owner = pod.getMetadata().getLabels().get(InventoryWatcher.ISVC_LABEL);
            pods.computeIfAbsent(Inventory.key(pod.getMetadata().getNamespace(), owner), k -> new ArrayList<>())
                    .add(PodMapper.facts(InformerTypes.pod(pod), owner));
        }
        Map<String, InferenceServiceSummary> summaries = new TreeMap<>();
        for (GenericKubernetesResource isvc : client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inAnyNamespace().list().getItems()) {
            String key = Inventory.key(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName());
            summaries.put(key, Verdicts.summarize(IsvcMapper.facts(InformerTypes.service(isvc)),
                    pods.getOrDefault(key, List.of()), inventory.ociConfig()));
        }
        return summaries;
    }

    /** The list API and the detail API answer each summary's JSON. */
    private void assertApiShows(ConsoleHttp viewer, Map<String, InferenceServiceSummary> expected) {
        JsonNode page = json(viewer.get("/api/v1/inferenceservices?limit=500"));
        assertThat(page.get("total").asInt()).isEqualTo(expected.size());
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        assertThat(items).hasSize(expected.size());
        int i = 0;
        for (InferenceServiceSummary summary : expected.values()) {
            JsonNode wanted = json.readTree(json.writeValueAsBytes(summary));
            assertThat(items.get(i++)).as(summary.namespace() + "/" + summary.name()).isEqualTo(wanted);
            JsonNode detail = json(viewer.get("/api/v1/inferenceservices/" + summary.namespace() + "/"
                    + summary.name()));
            wanted.properties().forEach(field -> assertThat(detail.get(field.getKey()))
                    .as(summary.name() + " " + field.getKey()).isEqualTo(field.getValue()));
        }
    }
}
