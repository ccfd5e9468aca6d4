package io.modelcar.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.RealClusterTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 11, point 3, on the real API server: the environment label on the KServe namespace, set and removed with
 * kubectl, changes what the console allows within seconds and without a restart; a timed toggle is written through
 * the real store and flipped back once when it runs out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class RealEnvironmentAndTogglesTest extends RealClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SI = "/api/v1/storage-initializer";
    static final String LABEL = "modelcar-console/environment";

    @LocalServerPort
    int port;

    @Test
    void whenTheNamespaceIsLabelledProductionWithKubectlThenOperatorWritesAreRefusedUntilTheLabelIsRemoved() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        String before = storedRaw();
        controlPlane().kubectl("label", "namespace", KServeSeed.NAMESPACE, LABEL + "=production", "--overwrite");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> refused = patch(operator, "{\"cpuModelcar\": \"11m\"}");
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(JSON.readTree(refused.body()).get("type").stringValue())
                        .isEqualTo("urn:modelcar-console:problem:production-admin-only");
            });
            assertThat(storedRaw()).as("nothing written while production").isEqualTo(before);
            assertThat(ConsoleHttp.browser(base(), "operator", "operator").get("/configuration").body())
                    .contains("env-production");
        } finally {
            controlPlane().kubectl("label", "namespace", KServeSeed.NAMESPACE, LABEL + "-");
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> patch(operator, "{\"cpuModelcar\": \"11m\"}").statusCode() == 200);
        assertThat(storedRaw()).contains("\"cpuModelcar\": \"11m\"");
        HttpResponse<String> back = patch(operator, "{\"cpuModelcar\": " + cpuModelcar(before) + "}");
        assertThat(back.statusCode()).isEqualTo(200);
    }

    @Test
    void whenATimedToggleRunsOutThenTheRealStoreIsFlippedBackOnceWithItsEvent() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        long flipBacksBefore = flipBacks();

        HttpResponse<String> timed = operator.send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false, \"expiresIn\": \"PT2S\"}", "If-Match", etag(operator));

        assertThat(timed.statusCode()).as(timed.body()).isEqualTo(200);
        assertThat(storedRaw()).contains("\"enableModelcar\": false");
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> storedRaw().contains("\"enableModelcar\": true"));
        await().atMost(Duration.ofSeconds(10)).until(() -> flipBacks() == flipBacksBefore + 1);
        JsonNode history = JSON.readTree(operator.get(SI + "/history").body());
        assertThat(history.get(0).get("source").stringValue()).isEqualTo("expiry");
        // the expiry is gone from the records: no second flip-back follows
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                .untilAsserted(() -> assertThat(flipBacks()).isEqualTo(flipBacksBefore + 1));
    }

    private HttpResponse<String> patch(ConsoleHttp user, String body) {
        return user.send("PATCH", SI, "application/merge-patch+json", body, "If-Match", etag(user));
    }

    private static String etag(ConsoleHttp user) {
        return user.get(SI).headers().firstValue("ETag").orElseThrow();
    }

    private static String cpuModelcar(String raw) {
        JsonNode value = JSON.readTree(raw).get("cpuModelcar");
        return value == null ? "null" : value.toString();
    }

    private static String storedRaw() {
        return admin().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getData().get("storageInitializer");
    }

    private static long flipBacks() {
        return admin().v1().events().inNamespace(KServeSeed.NAMESPACE).list().getItems().stream()
                .filter(e -> e.getMessage() != null && e.getMessage().contains("toggle.modelcar.expire success"))
                .count();
    }

    private static KubernetesClient admin() {
        return controlPlane().adminClient();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
