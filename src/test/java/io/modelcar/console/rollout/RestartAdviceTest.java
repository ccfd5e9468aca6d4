package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcar.console.kubernetes.KServeVersion;
import org.junit.jupiter.api.Test;

class RestartAdviceTest {

    @Test
    void fromV013StorageInitializerChangesNeedNoRestart() {
        RestartAdvice advice = RestartAdvice.afterStorageInitializerChange(KServeVersion.V0_20);
        assertThat(advice.restartNeeded()).isFalse();
        assertThat(advice.message()).contains("v0.20.0").contains("every pod creation");
        assertThat(advice.existingPods()).contains("keep their old settings until they are recreated");
        assertThat(RestartAdvice.afterStorageInitializerChange(KServeVersion.V0_13).restartNeeded()).isFalse();
    }

    @Test
    void whenTheVersionIsUnknownThenRestartToBeSure() {
        assertThat(RestartAdvice.afterStorageInitializerChange(null).restartNeeded()).isTrue();
    }

    @Test
    void keysReadAtStartupNeedARestart() {
        for (String key : new String[] {"deploy", "ingress", "multiNode"}) {
            assertThat(RestartAdvice.afterChangeOf(key, KServeVersion.V0_20).restartNeeded()).as(key).isTrue();
        }
        assertThat(RestartAdvice.afterChangeOf("storageInitializer", KServeVersion.V0_20).restartNeeded()).isFalse();
        assertThat(RestartAdvice.afterChangeOf("logger", KServeVersion.V0_20).restartNeeded()).isFalse();
    }
}
