package io.modelcar.console.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.Test;

/**
 * The console's metrics end to end: scraped without a user from the management port (never from the main port),
 * and each one moving when the thing it counts happens, driven over HTTP and through the Kubernetes API.
 */
class ConsoleMetricsTest extends ManagementPortConsole {

    final KubernetesClient client = api.client();

    @Test
    void whenPrometheusScrapesTheManagementPortThenNoUserIsNeededButTheMainPortNeverServesItAnonymously() {
        HttpResponse<String> scrape = Scrape.get(management());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("modelcar_console_apiserver_reachable");

        HttpResponse<String> mainPort = Scrape.get(base());
        assertThat(mainPort.statusCode()).isNotEqualTo(200);
        assertThat(mainPort.body()).doesNotContain("modelcar_console_");
        assertThat(ConsoleHttp.anonymous(management()).get("/actuator/metrics").statusCode()).isEqualTo(401);
        assertThat(ConsoleHttp.anonymous(management()).get("/actuator/health/liveness").statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenAnInferenceServicePullsLatestThenItsNamespaceCountsItByWarningAndVerdict() {
        String namespace = "metrics-latest";
        String warnings = "modelcar_console_inferenceservice_warnings";
        create(isvc(namespace, "pulls-latest", "oci://quay.io/acme-ai/pulls-latest:latest"));

        awaitScrape(s -> s.value(warnings, "namespace", namespace, "warning", "latest-tag") == 1);
        Scrape scrape = scrape();
        assertThat(scrape.value("modelcar_console_inferenceservices", "namespace", namespace)).isEqualTo(1);
        assertThat(scrape.value(warnings, "namespace", namespace, "warning", "image-pull-error")).isZero();

        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(namespace)
                .withName("pulls-latest").delete();
        // its last InferenceService gone, the namespace has no series left (short-lived namespaces leave none)
        awaitScrape(s -> !s.has(warnings, "namespace", namespace)
                && !s.has("modelcar_console_inferenceservices", "namespace", namespace));
    }

    /** What the first full list found (the sandbox's seed) is counted, not only what changes afterwards. */
    @Test
    void whenTheInventoryHasSyncedThenTheInferenceServicesItFoundAreCountedByNamespace() {
        String namespace = "modelcar-demo";
        awaitScrape(s -> s.value("modelcar_console_inventory_synced") == 1);
        int seeded = client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(namespace)
                .list().getItems().size();
        assertThat(seeded).as("the sandbox's seed").isPositive();
        awaitScrape(s -> s.value("modelcar_console_inferenceservices", "namespace", namespace) == seeded);
        assertThat(scrape().value("modelcar_console_pod_startup_seconds_count", "kind", "modelcar"))
                .as("the seeded Ready modelcar pods").isPositive();
    }

    @Test
    void whenAModelcarPodBecomesReadyThenItsStartUpTimeIsInTheModelcarHistogram() {
        String count = "modelcar_console_pod_startup_seconds_count";
        double before = scrape().value(count, "kind", "modelcar");
        double fastBefore = scrape().value("modelcar_console_pod_startup_seconds_bucket", "kind", "modelcar", "le",
                "10.0");
        String namespace = "metrics-startup";
        String image = "quay.io/acme-ai/startup:1.0";
        create(isvc(namespace, "starts-fast", "oci://" + image));
        readyPod(namespace, "starts-fast", image, 8);

        awaitScrape(s -> s.value(count, "kind", "modelcar") == before + 1);
        assertThat(scrape().value("modelcar_console_pod_startup_seconds_bucket", "kind", "modelcar", "le", "10.0"))
                .isEqualTo(fastBefore + 1);
        assertThat(scrape().value(count, "kind", "storage-initializer")).isPositive();
    }

    @Test
    void whenTheInventoryHasSyncedThenItIsFreshAndTheApiServerReachable() {
        awaitScrape(s -> s.value("modelcar_console_inventory_synced") == 1);
        Scrape scrape = scrape();
        assertThat(scrape.value("modelcar_console_inventory_stale")).isZero();
        assertThat(scrape.value("modelcar_console_inventory_initial_sync_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("modelcar_console_apiserver_reachable")).isEqualTo(1);
        assertThat(scrape.value("modelcar_console_kserve_controller_ready")).isEqualTo(1);
    }

    @Test
    void whenTheApiServerStopsAnsweringThenTheInventoryIsStaleAndTheApiServerUnreachableUntilItIsBack() {
        awaitScrape(s -> s.value("modelcar_console_inventory_synced") == 1);
        api.stopAnswering();
        try {
            awaitScrape(Duration.ofSeconds(60), s -> s.value("modelcar_console_inventory_stale") == 1
                    && s.value("modelcar_console_apiserver_reachable") == 0);
            awaitScrape(s -> s.value("modelcar_console_inventory_age_seconds") >= 1);
        } finally {
            api.resumeAnswering();
        }
        awaitScrape(Duration.ofSeconds(60), s -> s.value("modelcar_console_inventory_stale") == 0
                && s.value("modelcar_console_apiserver_reachable") == 1
                && s.value("modelcar_console_inventory_age_seconds") < 1);
    }

    @Test
    void whenTheConfigurationIsWrittenThroughTheApiThenEachOutcomeIsCounted() {
        String writes = "modelcar_console_config_writes_total";
        Scrape before = scrape();
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        HttpResponse<String> current = operator.get("/api/v1/storage-initializer");
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String cpuModelcar = current.body().replaceAll("(?s).*\"cpuModelcar\":\"([^\"]+)\".*", "$1");

        assertThat(patch(operator, etag, "{\"cpuModelcar\": \"" + cpuModelcar + "\"}")).isEqualTo(200);
        assertThat(patch(operator, "\"1\"", "{\"cpuModelcar\": \"" + cpuModelcar + "\"}")).isEqualTo(412);
        assertThat(patch(operator, etag, "{\"memoryLimit\": \"lots\"}")).isEqualTo(422);

        Scrape after = scrape();
        for (String outcome : new String[] {"success", "conflict", "refused"}) {
            assertThat(after.value(writes, "source", "api", "outcome", outcome))
                    .as(outcome).isEqualTo(before.value(writes, "source", "api", "outcome", outcome) + 1);
        }
        assertThat(after.value(writes, "outcome", "failed")).isEqualTo(before.value(writes, "outcome", "failed"));
    }

    @Test
    void whenALoginFailsThenItIsCountedWithoutTheUserName() {
        String failures = "modelcar_console_login_failures_total";
        double before = scrape().value(failures, "reason", "bad-credentials");

        assertThat(ConsoleHttp.basic(base(), "operator", "wrong-password").get("/api/v1/kserve").statusCode())
                .isEqualTo(401);
        assertThat(ConsoleHttp.anonymous(base()).send("POST", "/login", "application/x-www-form-urlencoded",
                "username=mallory&password=guess&_csrf=" + ConsoleHttp.csrfFrom(
                        ConsoleHttp.anonymous(base()).get("/login").body())).statusCode()).isIn(302, 403);

        Scrape after = scrape();
        assertThat(after.value(failures, "reason", "bad-credentials")).isGreaterThanOrEqualTo(before + 1);
        assertThat(after.samples()).filteredOn(s -> s.name().equals(failures))
                .allSatisfy(s -> assertThat(s.labels()).containsOnlyKeys("reason"));
    }

    private int patch(ConsoleHttp operator, String ifMatch, String body) {
        return operator.send("PATCH", "/api/v1/storage-initializer", "application/merge-patch+json", body,
                "If-Match", ifMatch).statusCode();
    }

    private void awaitScrape(Predicate<Scrape> done) {
        awaitScrape(Duration.ofSeconds(20), done);
    }

    private void awaitScrape(Duration atMost, Predicate<Scrape> done) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(this::scrape, done);
    }

    private void create(GenericKubernetesResource isvc) {
        new KServeSeed(client).namespace(isvc.getMetadata().getNamespace());
        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inNamespace(isvc.getMetadata().getNamespace()).resource(isvc).create();
    }

    /** A Ready modelcar pod of the InferenceService, Ready {@code seconds} after the API server created it. */
    private void readyPod(String namespace, String isvc, String image, int seconds) {
        Instant now = Instant.now();
        Pod created = client.pods().inNamespace(namespace).resource(KServeSeed.pod(namespace, isvc,
                KServeSeed.PodKind.MODELCAR, image, now, now.plusSeconds(seconds))).create();
        Instant stamped = Instant.parse(created.getMetadata().getCreationTimestamp());
        created.getStatus().getConditions().forEach(c -> c.setLastTransitionTime(("True".equals(c.getStatus())
                ? stamped.plusSeconds(seconds) : stamped).toString()));
        client.pods().inNamespace(namespace).resource(created).updateStatus();
    }

    static GenericKubernetesResource isvc(String namespace, String name, String uri) {
        return new GenericKubernetesResourceBuilder().withApiVersion("serving.kserve.io/v1beta1")
                .withKind("InferenceService").withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                        "modelFormat", Map.of("name", "sklearn"), "storageUri", uri))))
                .build();
    }
}
