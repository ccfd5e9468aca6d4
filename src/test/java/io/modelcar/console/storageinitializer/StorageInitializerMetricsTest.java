package io.modelcar.console.storageinitializer;

import static io.modelcar.console.testsupport.Meters.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every write of the configuration is counted once, by outcome and source; dry runs are not writes. */
class StorageInitializerMetricsTest {

    static final String WRITES = StorageInitializerMetrics.WRITES;

    final StorageInitializerFixture cluster = new StorageInitializerFixture();
    final StorageInitializerService service = cluster.service;

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void whenWrittenFromThePageAndRestoredThenSuccessIsCountedPerSource() {
        service.apply(ChangeRequest.replace(cluster.resourceVersion(), withMemoryLimit("3Gi"), "alice", "page",
                false));
        String id = service.history().get(0).id();
        service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(), json("{\"memoryLimit\":\"4Gi\"}"), "bob",
                "api", false));

        service.restore(id, cluster.resourceVersion(), "carol", false);

        assertThat(success("page")).isEqualTo(1);
        assertThat(success("api")).isEqualTo(1);
        assertThat(success("restore")).isEqualTo(1);
        assertThat(counted(cluster.meters, WRITES)).isEqualTo(3);
    }

    @Test
    void whenDryRunThenNothingIsCounted() {
        service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(), json("{\"memoryLimit\":\"3Gi\"}"), "alice",
                "api", true));

        assertThat(counted(cluster.meters, WRITES)).isZero();
    }

    @Test
    void whenTheVersionIsStaleThenAConflictIsCounted() {
        String stale = cluster.resourceVersion();
        cluster.storeRaw(cluster.raw().replace("\"1Gi\"", "\"2Gi\""));

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(stale, json("{\"enableModelcar\":false}"),
                "alice", "api", false))).isInstanceOf(StaleResourceVersion.class);

        assertThat(counted(cluster.meters, WRITES, "outcome", "conflict", "source", "api")).isEqualTo(1);
        assertThat(counted(cluster.meters, StorageInitializerMetrics.CONFLICTS_RETRIED)).isZero();
    }

    @Test
    void whenAPatchWithoutIfMatchMeetsConflictsThenEachRetryIsCountedAndTheWriteSucceeds() {
        cluster.api.answerNext(2, 409, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));

        service.apply(ChangeRequest.mergePatch(null, json("{\"memoryLimit\":\"3Gi\"}"), "alice", "api", false));

        assertThat(counted(cluster.meters, StorageInitializerMetrics.CONFLICTS_RETRIED)).isEqualTo(2);
        assertThat(success("api")).isEqualTo(1);
        assertThat(counted(cluster.meters, WRITES, "outcome", "conflict")).isZero();
    }

    @Test
    void whenKServeWouldRejectTheValueThenARefusalIsCounted() {
        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(),
                json("{\"memoryLimit\":\"lots\"}"), "alice", "api", false)))
                .isInstanceOf(InvalidStorageInitializerConfig.class);
        service.refused("alice", "storage-initializer.replace", null, "page", "malformed JSON");

        assertThat(counted(cluster.meters, WRITES, "outcome", "refused", "source", "api")).isEqualTo(1);
        assertThat(counted(cluster.meters, WRITES, "outcome", "refused", "source", "page")).isEqualTo(1);
    }

    @Test
    void whenTheApiServerFailsTheWriteThenAFailureIsCounted() {
        cluster.api.answerNext(1, 403, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(),
                json("{\"memoryLimit\":\"3Gi\"}"), "alice", "expiry", false))).isInstanceOf(RuntimeException.class);

        assertThat(counted(cluster.meters, WRITES, "outcome", "failed", "source", "expiry")).isEqualTo(1);
    }

    private double success(String source) {
        return counted(cluster.meters, WRITES, "outcome", "success", "source", source);
    }

    private JsonNode withMemoryLimit(String limit) {
        return json(cluster.raw()).deepCopy() instanceof tools.jackson.databind.node.ObjectNode o
                ? o.put("memoryLimit", limit) : null;
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }
}
