package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The inventory API end to end, against the seeded in-memory Kubernetes API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.kubernetes.user-agent=" + InferenceServiceApiTest.USER_AGENT)
@ActiveProfiles("sandbox")
class InferenceServiceApiTest extends MockClusterTest {

    /** Other consoles in this JVM share the API server: this one's requests are told apart by their agent. */
    static final String USER_AGENT = "modelcar-console-inventory-api-test";

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration DEADLINE = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    ConsoleHttp viewer;
    KubernetesClient client = api.client();

    @Autowired
    InferenceServiceInventory inventory;

    @BeforeEach
    void setUp() {
        viewer = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer");
        awaitSynced();
    }

    void awaitSynced() {
        poll(Duration.ofSeconds(20), () -> json(viewer.get("/api/v1/inferenceservices?limit=500")),
                body -> body.get("total").asInt() >= KServeSeedCount.SAMPLES && body.get("synced").asBoolean());
    }

    @Test
    void listsEverySeededInferenceServiceWithItsVerdict() {
        JsonNode body = json(viewer.get("/api/v1/inferenceservices?limit=500"));

        Map<String, String> verdicts = new HashMap<>();
        body.get("items").forEach(i -> verdicts.put(i.get("name").asString(), i.get("verdict").asString()));
        assertThat(verdicts).containsEntry("sklearn-iris", Verdicts.READY)
                .containsEntry("mistral-missing", Verdicts.IMAGE_PULL_ERROR)
                .containsEntry("bert-sentiment", Verdicts.PENDING)
                .containsEntry("iris-s3", Verdicts.NO_OCI)
                .containsEntry("phi-native", Verdicts.OCI_NATIVE)
                .containsEntry("gemma-fetch", Verdicts.UNSUPPORTED_SCHEME) // oci+fetch:// in storageUri: no release accepts it
                .containsEntry("old-scheme", Verdicts.UNSUPPORTED_SCHEME)
                .containsEntry("t5-before-modelcars", Verdicts.NOT_INJECTED);
        assertThat(body.get("stale").asBoolean()).isFalse();
        assertThat(body.get("asOf").isNull()).isFalse();
        assertThat(body.has("continue")).isTrue();
    }

    @Test
    void itemsFollowTheContract() {
        JsonNode item = json(viewer.get("/api/v1/inferenceservices/modelcar-demo/llama-chat"));

        assertThat(item.get("namespace").asString()).isEqualTo("modelcar-demo");
        assertThat(item.get("ready").asBoolean()).isTrue();
        assertThat(item.get("url").asString()).isEqualTo("http://llama-chat.modelcar-demo.example.com");
        assertThat(item.get("deploymentMode").asString()).isEqualTo("RawDeployment");
        JsonNode storage = item.get("storage").get(0);
        assertThat(storage.get("path").asString()).isEqualTo("spec.predictor.model.storageUri");
        assertThat(storage.get("scheme").asString()).isEqualTo("oci");
        assertThat(storage.get("oci").get("registry").asString()).isEqualTo("quay.io");
        assertThat(storage.get("oci").get("repository").asString()).isEqualTo("acme-ai/llama-3-8b-instruct");
        assertThat(storage.get("oci").get("tag").asString()).isEqualTo("latest");
        assertThat(storage.get("oci").get("digest").isNull()).isTrue();
        assertThat(storage.get("oci").get("pullPolicy").asString()).isEqualTo("Always");
        assertThat(storage.get("oci").get("pinned").asBoolean()).isFalse();
        assertThat(storage.get("warnings").get(0).get("code").asString()).isEqualTo("latest-tag");
        JsonNode pod = item.get("modelcar").get("pods").get(0);
        assertThat(item.get("modelcar").get("expected").asBoolean()).isTrue();
        assertThat(pod.get("modelcarContainer").asBoolean()).isTrue();
        assertThat(pod.get("modelcarInit").asString()).isEqualTo("Terminated: Completed");
        assertThat(pod.get("shareProcessNamespace").asBoolean()).isTrue();
        assertThat(pod.get("startupSeconds").asLong()).isEqualTo(14);
        assertThat(pod.get("phase").asString()).isEqualTo("Running");
        assertThat(item.get("warnings").get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void whenModelcarInitCannotPullThenImagePullErrorWithTheReason() {
        JsonNode item = json(viewer.get("/api/v1/inferenceservices/modelcar-demo/mistral-missing"));

        assertThat(item.get("verdict").asString()).isEqualTo("image-pull-error");
        assertThat(item.get("ready").asBoolean()).isFalse();
        assertThat(item.get("modelcar").get("pods").get(0).get("modelcarInit").asString())
                .isEqualTo("Waiting: ImagePullBackOff");
        assertThat(codes(item)).contains("image-pull-error");
    }

    @Test
    void whenAbsentThenNotFoundProblem() {
        HttpResponse<String> response = viewer.get("/api/v1/inferenceservices/nowhere/nothing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asString()).endsWith("inferenceservice-not-found");
    }

    @Test
    void filtersByNamespaceOciWarningAndText() {
        assertThat(names(json(viewer.get("/api/v1/inferenceservices?namespace=team-vision&warning=untagged"))))
                .containsExactly("cifar-transformer");
        assertThat(names(json(viewer.get("/api/v1/inferenceservices?oci=false&namespace=modelcar-demo"))))
                .containsExactlyInAnyOrder("iris-s3", "xgb-legacy");
        assertThat(names(json(viewer.get("/api/v1/inferenceservices?q=GRANITE")))).containsExactly("granite-local");
        assertThat(names(json(viewer.get("/api/v1/inferenceservices?warning=latest-tag"))))
                .contains("llama-chat", "phi-native").doesNotContain("sklearn-iris");
    }

    @Test
    void pagesWithAnOpaqueCursorUntilTheEnd() {
        JsonNode all = json(viewer.get("/api/v1/inferenceservices?limit=500"));
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(viewer.get("/api/v1/inferenceservices?limit=5"
                    + (cursor == null ? "" : "&continue=" + cursor)));
            assertThat(page.get("total").asInt()).isEqualTo(all.get("total").asInt());
            page.get("items").forEach(i -> seen.add(i.get("namespace").asString() + "/" + i.get("name").asString()));
            cursor = page.get("continue").isNull() ? null : page.get("continue").asString();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(seen).hasSize(all.get("total").asInt()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void whenParametersAreInvalidThenBadRequestProblem() {
        assertThat(viewer.get("/api/v1/inferenceservices?limit=0").statusCode()).isEqualTo(400);
        assertThat(viewer.get("/api/v1/inferenceservices?oci=maybe").statusCode()).isEqualTo(400);
        HttpResponse<String> cursor = viewer.get("/api/v1/inferenceservices?continue=bm9wZQ");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(json(cursor).get("errors").get(0).get("field").asString()).isEqualTo("continue");
    }

    @Test
    void whenCreatedChangedAndDeletedThenTheApiFollowsWithinTwoSeconds() {
        String ns = "inventory-lifecycle";
        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns)
                .resource(isvc(ns, "lifecycle", "oci://quay.io/acme-ai/lifecycle:1.0")).create();
        String path = "/api/v1/inferenceservices/" + ns + "/lifecycle";
        poll(DEADLINE, () -> viewer.get(path), r -> r.statusCode() == 200);

        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns).withName("lifecycle")
                .edit(r -> isvc(ns, "lifecycle", "oci://quay.io/acme-ai/lifecycle:latest"));
        JsonNode changed = json(poll(DEADLINE, () -> viewer.get(path),
                r -> r.statusCode() == 200 && r.body().contains("latest-tag")));
        assertThat(changed.get("storage").get(0).get("oci").get("pullPolicy").asString()).isEqualTo("Always");

        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns).withName("lifecycle")
                .delete();
        poll(DEADLINE, () -> viewer.get(path), r -> r.statusCode() == 404);
    }

    @Test
    void afterSyncNeitherApiCallsNorPageViewsListAnything() {
        ConsoleHttp browser = ConsoleHttp.browser("http://localhost:" + port, "viewer", "viewer");
        // the ConfigMap informer starts once the InferenceServices and pods have synced: let it make its one LIST
        poll(Duration.ofSeconds(10), inventory::ociConfig, config -> config != OciConfig.UNKNOWN);
        assertThat(api.listRequests("inferenceservices", USER_AGENT)).as("this console's informer LIST is seen")
                .isPositive();
        assertThat(api.requests().stream().filter(r -> USER_AGENT.equals(r.getHeader("User-Agent")))
                .map(r -> r.getPath()).filter(p -> !p.contains("watch=true"))
                .filter(p -> p.startsWith("/api/v1/pods?")
                        || p.startsWith("/apis/serving.kserve.io/v1beta1/inferenceservices?")))
                .as("the informers' cluster-wide LISTs ask for pages, as client-go's do").isNotEmpty()
                .allMatch(p -> p.contains("limit=500"));
        api.clearRequests();

        for (int i = 0; i < 5; i++) {
            assertThat(viewer.get("/api/v1/inferenceservices").statusCode()).isEqualTo(200);
            assertThat(viewer.get("/api/v1/inferenceservices?namespace=team-nlp&q=bert&oci=true").statusCode())
                    .isEqualTo(200);
            assertThat(viewer.get("/api/v1/inferenceservices/modelcar-demo/llama-chat").statusCode()).isEqualTo(200);
            assertThat(browser.get("/inferenceservices").statusCode()).isEqualTo(200);
            assertThat(browser.get("/inferenceservices?warning=latest-tag").statusCode()).isEqualTo(200);
            assertThat(browser.get("/inferenceservices/rows").statusCode()).isEqualTo(200);
            assertThat(browser.get("/inferenceservices/modelcar-demo/llama-chat").statusCode()).isEqualTo(200);
            assertThat(browser.get("/").statusCode()).isEqualTo(200);
        }

        assertThat(api.listRequests("inferenceservices", USER_AGENT)).isZero();
        assertThat(api.listRequests("pods", USER_AGENT)).isZero();
        assertThat(api.listRequests("configmaps", USER_AGENT)).isZero();
    }

    static GenericKubernetesResource isvc(String ns, String name, String uri) {
        return new GenericKubernetesResourceBuilder().withApiVersion("serving.kserve.io/v1beta1")
                .withKind("InferenceService").withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                        "modelFormat", Map.of("name", "sklearn"), "storageUri", uri))))
                .build();
    }

    static List<String> names(JsonNode body) {
        List<String> names = new java.util.ArrayList<>();
        body.get("items").forEach(i -> names.add(i.get("name").asString()));
        return names;
    }

    static List<String> codes(JsonNode item) {
        List<String> codes = new java.util.ArrayList<>();
        item.get("warnings").forEach(w -> codes.add(w.get("code").asString()));
        return codes;
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Calls until the answer satisfies the condition or the deadline passes (then fails with the last answer). */
    static <T> T poll(Duration deadline, java.util.function.Supplier<T> call, Predicate<T> done) {
        Instant until = Instant.now().plus(deadline);
        T last = call.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Not reached within " + deadline + "; last answer: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = call.get();
        }
        return last;
    }

    /** How many sample InferenceServices the seed creates. */
    static final class KServeSeedCount {
        static final int SAMPLES = io.modelcar.console.testsupport.KServeSeed.sampleInferenceServices().size();
    }
}
