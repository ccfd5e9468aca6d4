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

    // KServe's source (found by the KServe oracle work): the running controller builds its deploy and ingress
    // configuration again on every reconcile (pkg/controller/v1beta1/inferenceservice/controller.go NewDeployConfig,
    // NewIngressConfig: v0.20.0 :151/:355, v0.17.0 :148/:343); cmd/manager/main.go reads them at start-up only to
    // choose what to watch, and exits there on a bad value. multiNode is read at start-up only.
    @Test
    void deployAndIngressNeedARestartForTheWatchesOnlyWhileMultiNodeIsReadOnlyAtStartup() {
        for (String key : new String[] {"deploy", "ingress"}) {
            RestartAdvice advice = RestartAdvice.afterChangeOf(key, KServeVersion.V0_20);
            assertThat(advice.restartNeeded()).as(key).isTrue();
            assertThat(advice.message()).as(key).doesNotContain("only at start-up")
                    .contains("re-reads " + key + " on every reconcile").contains("at start-up");
        }
        assertThat(RestartAdvice.afterChangeOf("multiNode", KServeVersion.V0_20).message())
                .contains("only at start-up");
    }

    // issue 13.5: v0.19+ builds storageUris modelcars into the Deployment/Knative template when it reconciles
    // (components/predictor.go, ksvc_reconciler.go, CommonStorageInitialization); v0.20's LLMInferenceService
    // controller watches the ConfigMap (llmisvc/controller.go)
    @Test
    void storageUrisInferenceServicesRollAtTheirNextReconcile() {
        RestartAdvice v020 = RestartAdvice.afterStorageInitializerChange(KServeVersion.V0_20);
        assertThat(v020.existingPods()).contains("storageUris").contains("next reconcile");
        assertThat(v020.existingPods()).contains("LLMInferenceService");
        RestartAdvice v019 = RestartAdvice.afterStorageInitializerChange(new KServeVersion(0, 19, 0));
        assertThat(v019.existingPods()).contains("next reconcile").doesNotContain("LLMInferenceService");
        assertThat(RestartAdvice.afterStorageInitializerChange(KServeVersion.V0_17).existingPods())
                .doesNotContain("next reconcile");
    }

    // cmd/manager/main.go calls NewMultiNodeConfig at start-up from v0.15 only: before, a change needs no restart
    @Test
    void multiNodeNeedsARestartOnlyWhereItIsReadAtStartup() {
        assertThat(RestartAdvice.afterChangeOf("multiNode", new KServeVersion(0, 14, 1)).restartNeeded()).isFalse();
        assertThat(RestartAdvice.afterChangeOf("multiNode", new KServeVersion(0, 15, 0)).restartNeeded()).isTrue();
        assertThat(RestartAdvice.afterChangeOf("multiNode", null).restartNeeded()).isTrue();
    }
}
