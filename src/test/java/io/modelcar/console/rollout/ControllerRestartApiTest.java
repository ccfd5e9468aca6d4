package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ControllerRestartApiTest extends RolloutClusterTest {

    private static final String RESTARTS = "/api/v1/kserve/controller/restarts";
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void whenOperatorPostsARestartThenAcceptedWithLocationAndItCanBeFollowedToSucceeded() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");

        HttpResponse<String> accepted = operator.send("POST", RESTARTS, null, null);

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(accepted.body());
        String id = body.get("id").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue(RESTARTS + "/" + id);
        assertThat(body.get("state").asString()).isIn("Pending", "Progressing");
        assertThat(body.get("startedAt").asString()).isNotBlank();
        assertThat(body.get("message").asString()).contains("No restart needed").contains("v0.20.0")
                .contains("keep their old settings");

        JsonNode done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> json.readTree(operator.get(RESTARTS + "/" + id).body()),
                        n -> n.get("done").asBoolean());
        assertThat(done.get("state").asString()).isEqualTo("Succeeded");
        assertThat(json.readTree(operator.get(RESTARTS).body()).get(0).get("id").asString()).isEqualTo(id);
    }

    /** The Deployment deleted between discovery and the patch: a 404 that says so, and a Failed record. */
    @Test
    void whenTheControllerDeploymentIsGoneAtThePatchThenNotFoundAndTheRestartIsFailed() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        api.answerNext(10, 404, "PATCH", p -> p.contains("/deployments/" + KServeSeed.CONTROLLER),
                "deployments.apps \"" + KServeSeed.CONTROLLER + "\" not found");
        HttpResponse<String> response;
        try {
            response = operator.send("POST", RESTARTS, "application/json", "{\"strategy\": \"rollout\"}");
        } finally {
            api.answerNormally();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:modelcar-console:problem:cluster-object-not-found");
        assertThat(problem.get("detail").asString()).contains(KServeSeed.CONTROLLER).contains("not found");
        JsonNode last = json.readTree(operator.get(RESTARTS).body()).get(0);
        assertThat(last.get("state").asString()).isEqualTo("Failed");
        assertThat(last.get("message").asString()).contains("not found").contains("Nothing was restarted");
    }

    @Test
    void whenAStartupKeyIsInvalidThenUnprocessableProblemNamesIt() {
        editConfig("ingress", "{\"ingressDomain\": \"example.com\"}");
        try {
            HttpResponse<String> refused = ConsoleHttp.basic(base(), "operator", "operator")
                    .send("POST", RESTARTS, "application/json", "{\"strategy\": \"rollout\"}");

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("type").asString()).isEqualTo(RestartProblems.UNSAFE_STARTUP_CONFIG.toString());
            assertThat(problem.get("detail").asString()).contains("\"ingress\"").contains("ingressGateway");
            assertThat(problem.get("errors").get(0).get("key").asString()).isEqualTo("ingress");
        } finally {
            editConfig("ingress", KServeSeed.configMap().getData().get("ingress"));
        }
    }

    @Test
    void whenGatewayApiModeIsOnAndTheClusterServesNoHttpRouteThenTheRestartIsRefusedBeforeItCrashesTheController() {
        // a valid value: the controller would still exit at start-up, as this cluster has no Gateway API CRDs
        editConfig("ingress", KServeSeed.configMap().getData().get("ingress")
                .replaceFirst("\"enableGatewayApi\"\\s*:\\s*false", "\"enableGatewayApi\": true"));
        try {
            HttpResponse<String> refused = ConsoleHttp.basic(base(), "operator", "operator")
                    .send("POST", RESTARTS, "application/json", "{\"strategy\": \"rollout\"}");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("type").asString()).isEqualTo(RestartProblems.UNSAFE_STARTUP_CONFIG.toString());
            assertThat(problem.get("errors").get(0).get("key").asString()).isEqualTo("ingress");
            assertThat(problem.get("detail").asString()).contains("HTTPRoute");
        } finally {
            editConfig("ingress", KServeSeed.configMap().getData().get("ingress"));
        }
    }

    @Test
    void whenViewerPostsThenForbiddenAndAnUnknownStrategyIsABadRequest() {
        assertThat(ConsoleHttp.basic(base(), "viewer", "viewer").send("POST", RESTARTS, null, null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> bad = ConsoleHttp.basic(base(), "operator", "operator")
                .send("POST", RESTARTS + "?strategy=reboot", null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown-restart-strategy");
        assertThat(ConsoleHttp.basic(base(), "viewer", "viewer").get(RESTARTS + "/nope").statusCode())
                .isEqualTo(404);
    }

    @Test
    void thePageEndpointNeedsAnOperatorSessionWithCsrf() {
        ConsoleHttp viewer = ConsoleHttp.browser(base(), "viewer", "viewer");
        assertThat(viewer.send("POST", "/controller/restarts", "application/json", "{}", "X-CSRF-TOKEN",
                viewer.csrfToken()).statusCode()).isEqualTo(403);
        ConsoleHttp operator = ConsoleHttp.browser(base(), "operator", "operator");
        assertThat(operator.send("POST", "/controller/restarts", "application/json", "{}").statusCode())
                .isEqualTo(403);
        assertThat(ConsoleHttp.basic(base(), "operator", "operator").send("POST", "/controller/restarts",
                "application/json", "{}").statusCode()).isNotEqualTo(202);
    }

    @Test
    void kserveDescribesTheControllerDeployment() {
        HttpResponse<String> response = ConsoleHttp.basic(base(), "viewer", "viewer").get("/api/v1/kserve");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode kserve = json.readTree(response.body());
        assertThat(kserve.get("namespace").asString()).isEqualTo("kserve");
        assertThat(kserve.get("version").asString()).isEqualTo("v0.20.0");
        assertThat(json.convertValue(kserve.get("controller"), Map.class)).containsEntry("deployment",
                KServeSeed.CONTROLLER).containsEntry("replicas", 1).containsEntry("paused", false)
                .containsKey("readyReplicas");
    }

    private static void editConfig(String key, String value) {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put(key, value);
            return cm;
        });
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
