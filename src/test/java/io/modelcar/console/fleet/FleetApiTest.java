package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.modelcar.console.testsupport.ConsoleHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;


/**
 * Three clusters at once, each on its own in-memory API server: the default one ({@code local}, test), {@code staging}
 * and {@code production}. Every API path exists per cluster and reaches that cluster only; today's paths still mean
 * the default cluster; one cluster down leaves the others working.
 */
class FleetApiTest extends FleetTest {

    @Test
    void whenListingClustersThenEachWithItsEnvironmentReachabilityAndKServeVersion() {
        HttpResponse<String> response = as("viewer").get("/api/v1/clusters");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode clusters = JSON.readTree(response.body());
        assertThat(clusters).hasSize(3);
        assertThat(clusters.get(0).get("name").stringValue()).isEqualTo("local");
        assertThat(clusters.get(0).get("defaultCluster").booleanValue()).isTrue();
        assertThat(clusters.get(0).get("environment").stringValue()).isEqualTo("test");
        assertThat(clusters.get(1).get("name").stringValue()).isEqualTo("staging");
        assertThat(clusters.get(1).get("environment").stringValue()).isEqualTo("staging");
        assertThat(clusters.get(2).get("environment").stringValue()).isEqualTo("production");
        for (JsonNode cluster : clusters) {
            assertThat(cluster.get("reachable").booleanValue()).as(cluster.toString()).isTrue();
            assertThat(cluster.get("kserveVersion").stringValue()).isEqualTo("v0.20.0");
        }
    }

    @Test
    void whenReadingThroughAClusterPathThenThatClustersValueAndTheUnprefixedPathIsTheDefaultCluster() {
        memoryLimits("1Gi", "2Gi", "4Gi");
        JsonNode onStaging = JSON.readTree(as("viewer").get("/api/v1/clusters/staging/storage-initializer").body());
        JsonNode onProduction = JSON.readTree(
                as("viewer").get("/api/v1/clusters/production/storage-initializer").body());
        JsonNode unprefixed = JSON.readTree(as("viewer").get("/api/v1/storage-initializer").body());
        JsonNode local = JSON.readTree(as("viewer").get("/api/v1/clusters/local/storage-initializer").body());

        assertThat(onStaging.get("config").get("memoryLimit").stringValue()).isEqualTo("2Gi");
        assertThat(onProduction.get("config").get("memoryLimit").stringValue()).isEqualTo("4Gi");
        assertThat(unprefixed.get("config").get("memoryLimit").stringValue()).isEqualTo("1Gi");
        assertThat(local).isEqualTo(unprefixed);
    }

    @Test
    void whenWritingThroughAClusterPathThenOnlyThatClusterChanges() {
        ConsoleHttp operator = as("operator");
        String defaultBefore = FleetClusters.storageInitializer(api);
        String productionBefore = FleetClusters.storageInitializer(production);
        HttpResponse<String> read = operator.get("/api/v1/clusters/staging/storage-initializer");
        String etag = read.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> patch = operator.send("PATCH", "/api/v1/clusters/staging/storage-initializer",
                "application/merge-patch+json", "{\"cpuLimit\": \"2\"}", "If-Match", etag);

        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        assertThat(FleetClusters.storageInitializer(staging)).contains("\"cpuLimit\": \"2\"");
        assertThat(FleetClusters.storageInitializer(api)).isEqualTo(defaultBefore);
        assertThat(FleetClusters.storageInitializer(production)).isEqualTo(productionBefore);
        assertThat(JSON.readTree(operator.get("/api/v1/clusters/staging/storage-initializer/history").body())
                .get(0).get("source").stringValue()).isEqualTo("api");
    }

    @Test
    void whenAClusterPathNamesAnUnknownClusterThen404Problem() {
        HttpResponse<String> response = as("viewer").get("/api/v1/clusters/nowhere/storage-initializer");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:cluster-not-found");
    }

    @Test
    void whenRestartingTheControllerOfAClusterThenItsLocationStaysOnThatCluster() {
        HttpResponse<String> started = as("operator").send("POST",
                "/api/v1/clusters/staging/kserve/controller/restarts", "application/json", "{}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/clusters/staging/kserve/controller/restarts/");
        assertThat(as("viewer").get(location).statusCode()).isEqualTo(200);
        assertThat(staging.client().apps().deployments().inNamespace("kserve").withName("kserve-controller-manager")
                .get().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    void whenOneClusterIsDownThenTheOthersStillAnswerAndTheFleetSaysWhichIsDown() {
        production.stopAnswering();
        try {
            HttpResponse<String> down = as("viewer").get("/api/v1/clusters/production/storage-initializer");
            assertThat(down.statusCode()).isEqualTo(503);

            Instant start = Instant.now();
            HttpResponse<String> onStaging = as("viewer").get("/api/v1/clusters/staging/storage-initializer");
            HttpResponse<String> unprefixed = as("viewer").get("/api/v1/storage-initializer");
            HttpResponse<String> clusters = as("viewer").get("/api/v1/clusters");
            HttpResponse<String> fleet = as("viewer").get("/api/v1/fleet");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));

            assertThat(onStaging.statusCode()).isEqualTo(200);
            assertThat(unprefixed.statusCode()).isEqualTo(200);
            JsonNode list = JSON.readTree(clusters.body());
            assertThat(list.get(2).get("reachable").booleanValue()).isFalse();
            assertThat(list.get(1).get("reachable").booleanValue()).isTrue();
            JsonNode overview = JSON.readTree(fleet.body());
            assertThat(overview.get("clusters").get(2).get("reachable").booleanValue()).isFalse();
            assertThat(overview.get("clusters").get(1).get("storageInitializer").get("memoryLimit").stringValue())
                    .isNotEmpty();

            // the actuator names the remote cluster that is down; readiness stays the default cluster's
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode health = JSON.readTree(as("admin").get("/actuator/health").body());
                JsonNode remote = health.get("components").get("clusters").get("components");
                assertThat(remote.get("production").get("status").stringValue()).isEqualTo("DOWN");
                assertThat(remote.get("production").get("details").has("lastError")).isTrue();
                assertThat(remote.get("staging").get("status").stringValue()).isEqualTo("UP");
                assertThat(remote.has("local")).as("the default cluster is the 'cluster' component").isFalse();
            });
            assertThat(ConsoleHttp.anonymous("http://localhost:" + port).get("/actuator/health/readiness")
                    .statusCode()).isEqualTo(200);
        } finally {
            production.resumeAnswering();
        }
    }

    @Test
    void whenReadingTheFleetThenEachClusterAndTheKeysThatDiffer() {
        memoryLimits("1Gi", "2Gi", "4Gi");
        HttpResponse<String> response = as("viewer").get("/api/v1/fleet");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode fleet = JSON.readTree(response.body());
        assertThat(fleet.get("clusters")).hasSize(3);
        JsonNode local = fleet.get("clusters").get(0);
        assertThat(local.get("kserveVersion").stringValue()).isEqualTo("v0.20.0");
        assertThat(local.get("modelcarEnabled").booleanValue()).isTrue();
        assertThat(local.get("controllerHealthy").booleanValue()).isTrue();
        assertThat(local.get("inferenceServices").intValue()).isPositive();
        assertThat(local.get("byVerdict").size()).isPositive();
        JsonNode memoryLimit = null;
        for (JsonNode difference : fleet.get("differences")) {
            if (difference.get("key").stringValue().equals("memoryLimit")) {
                memoryLimit = difference;
            }
            assertThat(difference.get("key").stringValue()).as("identical keys are not differences")
                    .isNotEqualTo("image");
        }
        assertThat(memoryLimit).isNotNull();
        assertThat(memoryLimit.get("values").get("local").stringValue()).isEqualTo("1Gi");
        assertThat(memoryLimit.get("values").get("staging").stringValue()).isEqualTo("2Gi");
        assertThat(memoryLimit.get("values").get("production").stringValue()).isEqualTo("4Gi");
    }

    @Test
    void whenOpeningAClustersPageThenItShowsThatClustersNameEnvironmentAndValue() {
        memoryLimits("1Gi", "2Gi", "4Gi");
        ConsoleHttp browser = ConsoleHttp.browser("http://localhost:" + port, "viewer", "viewer");

        HttpResponse<String> page = browser.get("/clusters/staging/configuration");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("staging: ").contains("Staging cluster").contains("2Gi")
                .contains("href=\"/clusters/staging/history\"").contains("href=\"/clusters/production/configuration\"");
    }
}
