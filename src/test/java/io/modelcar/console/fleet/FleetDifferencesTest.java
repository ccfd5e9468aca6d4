package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How the fleet tells the keys of storageInitializer that differ between clusters. */
class FleetDifferencesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static FleetOverview.ClusterOverview cluster(String name, String config) {
        JsonNode value = config == null ? null : JSON.readTree(config);
        return new FleetOverview.ClusterOverview(name, false, "test", config != null, null, null, null, null, null,
                null, false, 0, Map.of(), Map.of(), null, null, value);
    }

    @Test
    void whenValuesDifferOrAKeyIsMissingThenThatKeyWithEachClustersValue() {
        List<FleetOverview.KeyDifference> differences = FleetService.differences(List.of(
                cluster("a", "{\"image\": \"x\", \"memoryLimit\": \"1Gi\", \"enableModelcar\": true}"),
                cluster("b", "{\"image\": \"x\", \"memoryLimit\": \"2Gi\"}"),
                cluster("down", null)));

        assertThat(differences).extracting(FleetOverview.KeyDifference::key)
                .containsExactly("memoryLimit", "enableModelcar");
        assertThat(differences.get(0).values()).containsOnlyKeys("a", "b");
        assertThat(differences.get(0).values().get("b").stringValue()).isEqualTo("2Gi");
        assertThat(differences.get(0).absentIn()).isEmpty();
        assertThat(differences.get(1).absentIn()).containsExactly("b");
    }

    @Test
    void whenEveryReadableClusterHasTheSameValueThenNoDifference() {
        assertThat(FleetService.differences(List.of(cluster("a", "{\"image\": \"x\", \"n\": 1}"),
                cluster("b", "{\"n\": 1, \"image\": \"x\"}"), cluster("down", null)))).isEmpty();
    }
}
