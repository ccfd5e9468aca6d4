package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcar.console.kubernetes.KServeVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MinimalStorageInitializerCheckTest {

    private static final String BASE = "{\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": "
            + "\"100m\", \"cpuLimit\": \"1\"";
    private final MinimalStorageInitializerCheck check = new MinimalStorageInitializerCheck(JsonMapper.builder().build());

    @Test
    void whenTheFourQuantitiesAreValidThenNoProblem() {
        assertThat(check.problems(BASE + "}", KServeVersion.V0_20)).isEmpty();
        assertThat(check.problems(BASE + ", \"unknownKey\": [1, 2], \"uidModelcar\": null}", KServeVersion.V0_20))
                .isEmpty();
    }

    @Test
    void quantitiesFollowKubernetesGrammar() {
        for (String ok : new String[] {"1", "100m", "1.5", "1Gi", "15Mi", "1e3", "0.5Ki", ".5"}) {
            assertThat(MinimalStorageInitializerCheck.QUANTITY.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : new String[] {"", "1 Gi", "1gb", "Gi", "1.2.3", "abc"}) {
            assertThat(MinimalStorageInitializerCheck.QUANTITY.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void whenARequiredQuantityIsMissingThenItIsNamed() {
        assertThat(check.problems("{\"memoryRequest\": \"100Mi\"}", KServeVersion.V0_20))
                .hasSize(3).anySatisfy(p -> assertThat(p).startsWith("cpuLimit"));
    }

    @Test
    void whenModelcarQuantitiesAreEmptyOnlyV016Requires() {
        String empty = BASE + ", \"cpuModelcar\": \"\"}";
        assertThat(check.problems(empty, KServeVersion.V0_16)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("cpuModelcar"))
                .anySatisfy(p -> assertThat(p).startsWith("memoryModelcar"));
        assertThat(check.problems(empty, KServeVersion.V0_17)).isEmpty();
    }

    @Test
    void whenOciModelModeIsUnknownOnV020ThenRefused() {
        assertThat(check.problems(BASE + ", \"ociModelMode\": \"zip\"}", KServeVersion.V0_20)).hasSize(1);
        assertThat(check.problems(BASE + ", \"ociModelMode\": \"native\"}", KServeVersion.V0_20)).isEmpty();
    }

    @Test
    void whenNotAnObjectThenRefused() {
        assertThat(check.problems("[1]", KServeVersion.V0_20)).singleElement()
                .satisfies(p -> assertThat(p).contains("not a JSON object"));
    }
}
