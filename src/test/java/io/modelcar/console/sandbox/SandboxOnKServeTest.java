package io.modelcar.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.KServeSeed;
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
 * Issue 12, point 5: the real-cluster sandbox runs the real KServe where it is built, seeded as the sandbox seeds it
 * ({@link KServeSeed#allOnKServe()}), and a user who flips Modelcars on the toggles API sees the next model pod get,
 * or not get, its modelcar: KServe's webhook decides, the console shows what it did. The sandbox's own KServe is a
 * cluster of its own ({@link KServeCluster#forSandbox}); this test seeds the same samples on the suites' shared one
 * of the same release, so that CI starts no third KServe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class SandboxOnKServeTest {

    static final KServeRelease RELEASE = new KServeRelease(SandboxApplication.KSERVE);

    @RegisterExtension
    static final Prerequisite KSERVE = Prerequisite.allOf(KServeCluster.PREREQUISITE, RELEASE.prerequisite());

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ISVC = "/api/v1/inferenceservices/modelcar-demo/sklearn-iris";

    private static KServeCluster kserve;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.kubeconfig", () -> kserve().plane().adminKubeconfig().toString());
        registry.add("console.kubernetes.kserve-namespace", () -> KServeSeed.NAMESPACE);
        registry.add("console.kubernetes.controller-name", () -> KServeSeed.CONTROLLER);
    }

    private static synchronized KServeCluster kserve() {
        if (kserve == null) {
            kserve = KServeCluster.shared(RELEASE, Map.of());
            new KServeSeed(kserve.admin()).allOnKServe();
        }
        return kserve;
    }

    @AfterAll
    static void leaveTheSharedClusterAsFound() {
        if (kserve != null) {
            KubernetesClient admin = kserve.admin();
            admin.apps().deployments().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONTROLLER).delete();
            admin.serviceAccounts().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONTROLLER).delete();
            kserve.clear();
        }
    }

    @Test
    void whenModelcarsAreSwitchedOffOnTheTogglesApiThenKServeGivesTheNextModelPodNoModelcarAndTheConsoleShowsIt()
            throws java.io.IOException {
        ConsoleHttp operator = ConsoleHttp.basic("http://localhost:" + port, "operator", "operator");
        // KServe made the sample's Deployment and its pod (kwok runs it); the shipped configuration has Modelcars on
        JsonNode before = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> detail(operator), d -> d != null && !pods(d).isEmpty());
        assertThat(before.at("/modelcar/expected").booleanValue()).isTrue();
        assertThat(before.at("/modelcar/injected").asBoolean(false)).as(before.toString()).isTrue();
        assertThat(before.at("/modelcar/pods/0/modelcarContainer").booleanValue()).isTrue();
        Set<String> podsBefore = names(before);

        HttpResponse<String> off = operator.send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}", "If-Match", operator.get("/api/v1/storage-initializer").headers()
                        .firstValue("ETag").orElseThrow());
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        try {
            // a new pod of the same ReplicaSet, admitted by KServe's webhook under the new configuration: the
            // README's command for it
            List<String> commands = ReadmeKubectlCommandsTest.readmeCommands().stream()
                    .filter(ReadmeKubectlCommandsTest::needsKServe).toList();
            assertThat(commands).as("the README's kubectl commands for the sandbox on KServe")
                    .containsExactly("-n modelcar-demo delete pod -l serving.kserve.io/inferenceservice=sklearn-iris");
            ControlPlane plane = kserve.plane();
            for (String command : commands) {
                ControlPlane.KubectlResult result = plane.tryKubectl(plane.adminKubeconfig(), null,
                        ReadmeKubectlCommandsTest.arguments(command).toArray(String[]::new));
                assertThat(result.exitCode()).as("kubectl " + command + "\n" + result.error()).isZero();
            }

            JsonNode after = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> detail(operator), d -> d != null && !names(d).isEmpty()
                            && names(d).stream().noneMatch(podsBefore::contains));
            assertThat(after.at("/modelcar/expected").booleanValue()).as(after.toString()).isFalse();
            assertThat(after.at("/modelcar/pods/0/modelcarContainer").booleanValue()).isFalse();
            assertThat(after.get("warnings").toString()).contains("modelcar-disabled");
            assertThat(kserve.admin().pods().inNamespace("modelcar-demo").list().getItems().stream()
                    .filter(p -> !podsBefore.contains(p.getMetadata().getName()))
                    .flatMap(p -> p.getSpec().getContainers().stream()).map(c -> c.getName()))
                    .as("what KServe's webhook really did").isNotEmpty().doesNotContain("modelcar");
        } finally {
            operator.send("PUT", "/api/v1/toggles/modelcar", "application/json", "{\"enabled\": true}", "If-Match",
                    operator.get("/api/v1/storage-initializer").headers().firstValue("ETag").orElseThrow());
        }
    }

    private static JsonNode detail(ConsoleHttp user) {
        HttpResponse<String> response = user.get(ISVC);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static JsonNode pods(JsonNode detail) {
        JsonNode pods = detail.at("/modelcar/pods");
        return pods.isArray() ? pods : JSON.createArrayNode();
    }

    private static Set<String> names(JsonNode detail) {
        Set<String> names = new HashSet<>();
        pods(detail).forEach(p -> names.add(p.get("name").stringValue()));
        return names;
    }
}
