package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMapperTest {

    static final String CREATED = "2026-11-30T06:00:00Z";
    static final String READY = "2026-11-30T06:00:12Z";

    @Test
    void whenThePodHasNoInferenceServiceLabelThenItHasNoFacts() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("other").endMetadata().build();

        assertThat(PodMapper.facts(InformerTypes.pod(pod))).isNull();
    }

    @Test
    void whenTheModelcarIsInjectedAndReadyThenTheFactsSaySoWithTheStartupTime() {
        Pod pod = pod().editSpec().withShareProcessNamespace(true).endSpec().editStatus()
                .withInitContainerStatuses(terminated("modelcar-init", "Completed", 0))
                .withContainerStatuses(running("kserve-container", 1), running("modelcar", 2))
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(READY).endCondition()
                .endStatus().build();

        PodFacts facts = PodMapper.facts(InformerTypes.pod(pod));

        assertThat(facts.inferenceService()).isEqualTo("model");
        assertThat(facts.phase()).isEqualTo("Running");
        assertThat(facts.modelcarContainer()).isTrue();
        assertThat(facts.modelcarInitPresent()).isTrue();
        assertThat(facts.modelcarInit()).isEqualTo("Terminated: Completed");
        assertThat(facts.modelcarPullError()).isNull();
        assertThat(facts.modelcarInjected()).isTrue();
        assertThat(facts.storageInitializer()).isFalse();
        assertThat(facts.restarts()).isEqualTo(3);
        assertThat(facts.startupSeconds()).isEqualTo(12L);
    }

    @Test
    void whenTheModelcarInitCannotPullThenThePullErrorNamesTheContainer() {
        Pod pod = pod().editStatus().withPhase("Pending")
                .withInitContainerStatuses(new ContainerStatusBuilder().withName("modelcar-init").withNewState()
                        .withNewWaiting().withReason("ImagePullBackOff").endWaiting().endState().build())
                .endStatus().build();

        PodFacts facts = PodMapper.facts(InformerTypes.pod(pod));

        assertThat(facts.modelcarInit()).isEqualTo("Waiting: ImagePullBackOff");
        assertThat(facts.modelcarPullError()).isEqualTo("modelcar-init: ImagePullBackOff");
        assertThat(facts.readyAt()).isNull();
        assertThat(facts.startupSeconds()).isNull();
    }

    @Test
    void whenTheModelcarInitExitsWithAnErrorThenTheImageHasNoModelFiles() {
        Pod pod = pod().editStatus().withInitContainerStatuses(terminated("modelcar-init", "Error", 1)).endStatus()
                .build();

        PodFacts facts = PodMapper.facts(InformerTypes.pod(pod));

        assertThat(facts.modelcarInit()).isEqualTo("Terminated: Error (exit 1)");
        assertThat(facts.modelcarPullError()).isEqualTo("modelcar-init: exited 1 (the image has no model files under "
                + "/models)");
    }

    @Test
    void whenTheStorageInitializerDownloadsThenNoModelcarIsSeen() {
        Pod pod = new PodBuilder(pod().build()).editSpec().withInitContainers().addNewInitContainer()
                .withName("storage-initializer").endInitContainer().withContainers().addNewContainer()
                .withName("kserve-container").endContainer().endSpec().build();

        PodFacts facts = PodMapper.facts(InformerTypes.pod(pod));

        assertThat(facts.storageInitializer()).isTrue();
        assertThat(facts.modelcarContainer()).isFalse();
        assertThat(facts.modelcarInitPresent()).isFalse();
        assertThat(facts.modelcarInit()).isNull();
    }

    @ParameterizedTest
    @CsvSource({ "modelcar, true", "modelcar-0, true", "modelcar-12, true", "modelcar-, false", "modelcar-1a, false",
        "modelcar-init, false", "modelcars, false", "my-modelcar, false", "modelcar-١, false", "kserve-container, false" })
    void aModelcarContainerIsNamedAsKServeNamesItAndNothingElse(String name, boolean modelcar) {
        assertThat(PodMapper.isModelcar(name)).isEqualTo(modelcar)
                .isEqualTo(name.matches("modelcar(-[0-9]+)?")); // the rule as a regular expression
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("model-predictor-1")
                .addToLabels(InventoryWatcher.ISVC_LABEL, "model").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().addNewInitContainer().withName("modelcar-init").endInitContainer()
                .addNewContainer().withName("kserve-container").endContainer()
                .addNewContainer().withName("modelcar").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
    }

    private static ContainerStatus running(String name, int restarts) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restarts).withNewState().withNewRunning()
                .endRunning().endState().build();
    }

    private static ContainerStatus terminated(String name, String reason, int exitCode) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withReason(reason)
                .withExitCode(exitCode).endTerminated().endState().build();
    }
}
