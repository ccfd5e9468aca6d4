package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The chart grants no cluster-wide {@code get secrets}: reading an InferenceService's pull secret may be refused by
 * Kubernetes. The pins still answer, per URI, and say that the secret could not be read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class PinsUnderChartRbacTest extends MockClusterTest {

    static final String NAMESPACE = "pins-rbac";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @AfterEach
    void cleanUp() {
        api.answerNormally();
        api.client().genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NAMESPACE).delete();
    }

    @Test
    void whenReadingThePullSecretIsForbiddenThenThePinsAnswerWithANoteInsteadOfA502() throws Exception {
        api.client().genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NAMESPACE)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                        .withNewMetadata().withName("guarded").withNamespace(NAMESPACE).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("predictor", Map.of(
                                "imagePullSecrets", List.of(Map.of("name", "team-pull")),
                                "model", Map.of("modelFormat", Map.of("name", "sklearn"),
                                        "storageUri", "oci://127.0.0.1:1/team/model:latest"))))
                        .build()).create();
        api.answerWith(403, path -> path.contains("/namespaces/" + NAMESPACE + "/secrets"));

        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            response = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer")
                    .get("/api/v1/inferenceservices/" + NAMESPACE + "/guarded/pins");
            if (response.statusCode() != 404) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode pin = JSON.readTree(response.body()).path("pins").path(0);
        assertThat(pin.path("uri").asString()).isEqualTo("oci://127.0.0.1:1/team/model:latest");
        assertThat(pin.path("pullSecret").isNull()).isTrue();
        assertThat(pin.path("note").asString()).contains(NAMESPACE + "/team-pull").contains("may not get secrets")
                .contains("without it");
        assertThat(pin.path("error").path("type").asString()).isNotEmpty(); // the unreachable registry, per URI
    }
}
