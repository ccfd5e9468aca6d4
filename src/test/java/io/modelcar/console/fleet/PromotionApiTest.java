package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Promotion between clusters of one console, each its own API server: the diff first (a dry run writes nothing), then
 * the write locked to the target's version, guarded by the target's environment, recorded in the target's history
 * and both clusters' audit logs with the source and its version.
 */
class PromotionApiTest extends FleetTest {

    static final String PROMOTIONS = "/api/v1/fleet/promotions";

    HttpResponse<String> promote(ConsoleHttp caller, String body) {
        return caller.send("POST", PROMOTIONS, "application/json", body);
    }

    static String memoryLimit(MockKubernetesApi cluster) {
        return JSON.readTree(FleetClusters.storageInitializer(cluster)).get("memoryLimit").stringValue();
    }

    JsonNode dryRun(String source, String target, String extra) {
        HttpResponse<String> preview = promote(as("operator"), "{\"source\": \"" + source + "\", \"target\": \""
                + target + "\", \"dryRun\": true" + extra + "}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        return JSON.readTree(preview.body());
    }

    @Test
    void whenPreviewingAPromotionThenTheTargetsDiffAndNothingIsWritten() {
        FleetClusters.setStorageInitializer(staging, FleetClusters.storageInitializer(staging)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"2Gi\""));
        String before = FleetClusters.storageInitializer(staging);

        JsonNode preview = dryRun("local", "staging", "");

        assertThat(preview.get("dryRun").booleanValue()).isTrue();
        assertThat(preview.get("targetEnvironment").stringValue()).isEqualTo("staging");
        assertThat(preview.get("confirmationRequired").stringValue()).isEqualTo("staging");
        assertThat(preview.get("kserveVersion").stringValue()).isEqualTo("v0.20.0");
        assertThat(preview.get("diff")).anySatisfy(change -> {
            assertThat(change.get("key").stringValue()).isEqualTo("memoryLimit");
            assertThat(change.get("before").stringValue()).isEqualTo("2Gi");
            assertThat(change.get("after").stringValue()).isEqualTo("1Gi");
        });
        assertThat(preview.get("resourceVersion").stringValue()).isEqualTo(staging.client().configMaps()
                .inNamespace("kserve").withName("inferenceservice-config").get().getMetadata().getResourceVersion());
        assertThat(FleetClusters.storageInitializer(staging)).isEqualTo(before);
    }

    @Test
    void whenPromotingToStagingWithoutTheTypedNameThen422AndWithItWrittenWithHistoryAndAudit() {
        FleetClusters.setStorageInitializer(staging, FleetClusters.storageInitializer(staging)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"3Gi\""));
        JsonNode preview = dryRun("local", "staging", "");
        String version = preview.get("resourceVersion").stringValue();
        String sourceVersion = preview.get("sourceResourceVersion").stringValue();

        HttpResponse<String> unconfirmed = promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\", "
                + "\"targetResourceVersion\": \"" + version + "\"}");
        assertThat(unconfirmed.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unconfirmed.body()).get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:confirmation-required");
        assertThat(memoryLimit(staging)).isEqualTo("3Gi");

        HttpResponse<String> written = promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\", "
                + "\"targetResourceVersion\": \"" + version + "\", \"sourceResourceVersion\": \"" + sourceVersion
                + "\", \"confirm\": \"staging\"}");

        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(memoryLimit(staging)).isEqualTo("1Gi");
        JsonNode history = JSON.readTree(as("viewer").get("/api/v1/clusters/staging/storage-initializer/history")
                .body());
        assertThat(history.get(0).get("source").stringValue()).isEqualTo("promotion");
        assertThat(history.get(0).get("origin").stringValue()).isEqualTo("local@" + sourceVersion);
        assertThat(history.get(0).get("actor").stringValue()).isEqualTo("operator");
        String targetVersion = JSON.readTree(written.body()).get("resourceVersion").stringValue();
        JsonNode sourceHistory = JSON.readTree(as("viewer").get("/api/v1/storage-initializer/history").body());
        assertThat(sourceHistory.get(0).get("source").stringValue()).isEqualTo("promotion");
        assertThat(sourceHistory.get(0).get("promotedTo").stringValue()).isEqualTo("staging@" + targetVersion);
        assertThat(sourceHistory.get(0).get("resourceVersion").stringValue()).isEqualTo(sourceVersion);
        assertThat(sourceHistory.get(0).get("actor").stringValue()).isEqualTo("operator");
        assertThat(sourceHistory.get(0).get("diff")).anySatisfy(change ->
                assertThat(change.get("key").stringValue()).isEqualTo("memoryLimit"));
        assertThat(sourceHistory.get(0).has("origin")).isFalse();
        assertThat(history.get(0).has("promotedTo")).isFalse();
        assertThat(events(staging)).anySatisfy(message -> assertThat(message)
                .contains("operator: storage-initializer.replace success").contains("from local@" + sourceVersion));
        assertThat(events(api)).anySatisfy(message -> assertThat(message)
                .contains("operator: storage-initializer.promote success").contains("promoted to staging@"));
    }

    @Test
    void whenTheTargetsRestartCannotReachItsRecordsThenThePromotionIsReportedAsWrittenWithTheRestartError() {
        setMemoryLimit(staging, "6Gi");
        String version = dryRun("local", "staging", "").get("resourceVersion").stringValue();
        staging.answerWith(503, path -> path.contains("/configmaps/modelcar-console-restarts"));
        HttpResponse<String> written;
        try {
            written = promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\", "
                    + "\"targetResourceVersion\": \"" + version + "\", \"confirm\": \"staging\", \"restart\": true}");
        } finally {
            staging.answerNormally();
        }

        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(memoryLimit(staging)).isEqualTo("1Gi");
        JsonNode body = JSON.readTree(written.body());
        assertThat(body.get("resourceVersion").stringValue()).isEqualTo(staging.client().configMaps()
                .inNamespace("kserve").withName("inferenceservice-config").get().getMetadata().getResourceVersion())
                .isNotEqualTo(version);
        assertThat(body.has("restart")).isFalse();
        assertThat(body.get("restartError").stringValue()).contains("did not answer").contains("value is written");
    }

    @Test
    void whenTheTargetChangedSinceThePreviewThen412AndTheConcurrentChangeIsKept() {
        JsonNode preview = dryRun("local", "staging", "");
        String version = preview.get("resourceVersion").stringValue();
        FleetClusters.setStorageInitializer(staging, FleetClusters.storageInitializer(staging)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"5Gi\""));

        HttpResponse<String> stale = promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\", "
                + "\"targetResourceVersion\": \"" + version + "\", \"confirm\": \"staging\"}");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:stale-resource-version");
        assertThat(memoryLimit(staging)).isEqualTo("5Gi");
    }

    @Test
    void whenAnOperatorPromotesToProductionThen403AndAnAdminMay() {
        String version = dryRun("local", "production", "").get("resourceVersion").stringValue();
        String before = FleetClusters.storageInitializer(production);
        String body = "{\"source\": \"local\", \"target\": \"production\", \"targetResourceVersion\": \"" + version
                + "\", \"keys\": [\"memoryLimit\"]}";

        HttpResponse<String> operator = promote(as("operator"), body);
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(operator.body()).get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:production-admin-only");
        assertThat(FleetClusters.storageInitializer(production)).isEqualTo(before);

        HttpResponse<String> admin = promote(as("admin"), body);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(memoryLimit(production)).isEqualTo("1Gi");
        assertThat(JSON.readTree(FleetClusters.storageInitializer(production)).get("cpuLimit").stringValue())
                .as("only the promoted key").isEqualTo(JSON.readTree(before).get("cpuLimit").stringValue());
        assertThat(JSON.readTree(admin.body()).get("diff")).hasSize(1);
    }

    @Test
    void whenPromotingAToggleThenOnlyItsKeyMoves() {
        FleetClusters.setStorageInitializer(production, FleetClusters.storageInitializer(production)
                .replace("\"enableModelcar\": true", "\"enableModelcar\": false"));

        JsonNode preview = dryRun("local", "production", ", \"toggle\": \"modelcar\"");

        assertThat(preview.get("keys")).hasSize(1);
        assertThat(preview.get("diff")).hasSize(1);
        assertThat(preview.get("diff").get(0).get("key").stringValue()).isEqualTo("enableModelcar");
        assertThat(preview.get("diff").get(0).get("after").booleanValue()).isTrue();
    }

    @Test
    void whenTheValueIsInvalidForTheTargetThen422AndNothingWritten() {
        String sourceBefore = FleetClusters.storageInitializer(staging);
        FleetClusters.setStorageInitializer(staging, sourceBefore.replaceAll("\"memoryLimit\": \"[^\"]*\"",
                "\"memoryLimit\": \"lots\""));
        try {
            String before = FleetClusters.storageInitializer(api);
            HttpResponse<String> invalid = promote(as("operator"), "{\"source\": \"staging\", \"target\": \"local\", "
                    + "\"dryRun\": true}");
            assertThat(invalid.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(invalid.body()).get("errors").toString()).contains("memoryLimit");
            assertThat(FleetClusters.storageInitializer(api)).isEqualTo(before);
        } finally {
            FleetClusters.setStorageInitializer(staging, sourceBefore);
        }
    }

    @Test
    void whenThePromotionIsMalformedThenClear4xxAndNothingWritten() {
        assertThat(promote(as("operator"), "{\"source\": \"local\", \"target\": \"nowhere\", \"dryRun\": true}")
                .statusCode()).isEqualTo(404);
        assertThat(promote(as("operator"), "{\"source\": \"local\", \"target\": \"local\", \"dryRun\": true}")
                .statusCode()).isEqualTo(400);
        assertThat(promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\"}").statusCode())
                .isEqualTo(428);
        assertThat(promote(as("operator"), "{\"source\": \"local\", \"target\": \"staging\", \"toggle\": \"x\", "
                + "\"dryRun\": true}").statusCode()).isEqualTo(400);
        HttpResponse<String> viewer = promote(as("viewer"), "{\"source\": \"local\", \"target\": \"production\", "
                + "\"dryRun\": true}");
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(viewer.body()).get("detail").stringValue()).contains("cluster production");
    }

    static java.util.List<String> events(MockKubernetesApi cluster) {
        return cluster.client().v1().events().inNamespace(KServeSeed.NAMESPACE).list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getMessage).toList();
    }
}
