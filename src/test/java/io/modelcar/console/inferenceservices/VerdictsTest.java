package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One test per verdict, plus the pull-policy and start-up details the verdicts carry. */
class VerdictsTest {

    static final OciConfig MODELCAR = OciConfig.parse("{\"enableModelcar\": true}");
    static final OciConfig OFF = OciConfig.parse("{\"enableModelcar\": false}");
    static final OciConfig NATIVE = OciConfig.parse("{\"ociModelMode\": \"native\"}");
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static IsvcFacts isvc(Boolean ready, String... uris) {
        List<StorageUri> storage = new java.util.ArrayList<>();
        for (int i = 0; i < uris.length; i++) {
            storage.add(StorageUris.of("spec.predictor.storageUris[" + i + "].uri", uris[i]));
        }
        return new IsvcFacts("ns", "model", storage, ready, null, null, List.of(), null);
    }

    static PodFacts modelcarPod(String init, String pullError, Instant readyAt) {
        return new PodFacts("ns", "model-predictor-1", "model", readyAt == null ? "Pending" : "Running", T0, readyAt,
                true, init, true, pullError, true, false, 0);
    }

    static PodFacts initializerPod(Instant readyAt) {
        return new PodFacts("ns", "model-predictor-2", "model", "Running", T0, readyAt, false, null, false, null,
                false, true, 0);
    }

    @Test
    void whenOciWhileModelcarsAreOffThenModelcarDisabled() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(false, "oci://q.io/ns/m:1"), List.of(), OFF);

        assertThat(s.verdict()).isEqualTo(Verdicts.MODELCAR_DISABLED);
        assertThat(s.warnings()).extracting(Warning::code).containsExactly("modelcar-disabled");
        assertThat(s.modelcar().expected()).isFalse();
        assertThat(s.modelcar().mode()).isEqualTo("disabled");
    }

    @Test
    void whenOciPlusNativeWhileModelcarsAreOffThenNotDisabled() {
        assertThat(Verdicts.summarize(isvc(true, "oci+native://q.io/ns/m:1"), List.of(), OFF).verdict())
                .isEqualTo(Verdicts.OCI_NATIVE);
    }

    @Test
    void whenModelcarInitCannotPullThenImagePullError() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(true, "oci://q.io/ns/m:1"),
                List.of(modelcarPod("Waiting: ImagePullBackOff", "modelcar-init: ImagePullBackOff", null)), MODELCAR);

        assertThat(s.verdict()).isEqualTo(Verdicts.IMAGE_PULL_ERROR);
        assertThat(s.warnings()).extracting(Warning::code).containsExactly("image-pull-error");
        assertThat(s.warnings().get(0).message()).contains("ImagePullBackOff").contains("modelStatus");
    }

    @Test
    void whenPodsLackModelcarContainersThenNotInjected() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(true, "oci://q.io/ns/m:1"),
                List.of(initializerPod(T0.plusSeconds(30))), MODELCAR);

        assertThat(s.verdict()).isEqualTo(Verdicts.NOT_INJECTED);
        assertThat(s.modelcar().injected()).isFalse();
    }

    @Test
    void whenModelcarExpectedAndInjectedAndReadyThenReady() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(true, "oci://q.io/ns/m:1"),
                List.of(modelcarPod("Terminated: Completed", null, T0.plusSeconds(9))), MODELCAR);

        assertThat(s.verdict()).isEqualTo(Verdicts.READY);
        assertThat(s.modelcar().expected()).isTrue();
        assertThat(s.modelcar().injected()).isTrue();
        assertThat(s.modelcar().pods().get(0).startupSeconds()).isEqualTo(9);
    }

    @Test
    void whenModelcarExpectedButNoPodsOrNotReadyThenPending() {
        assertThat(Verdicts.summarize(isvc(null, "oci://q.io/ns/m:1"), List.of(), MODELCAR).verdict())
                .isEqualTo(Verdicts.PENDING);
        assertThat(Verdicts.summarize(isvc(false, "oci://q.io/ns/m:1"),
                List.of(modelcarPod("Running", null, null)), MODELCAR).verdict()).isEqualTo(Verdicts.PENDING);
    }

    @Test
    void whenNativeModeThenOciNativeAndIfNotPresent() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(true, "oci://q.io/ns/m:latest"), List.of(), NATIVE);

        assertThat(s.verdict()).isEqualTo(Verdicts.OCI_NATIVE);
        assertThat(s.storage().get(0).oci().pullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void whenOciFetchThenOciFetch() {
        assertThat(Verdicts.summarize(isvc(true, "oci+fetch://q.io/ns/m:1"), List.of(), MODELCAR).verdict())
                .isEqualTo(Verdicts.OCI_FETCH);
    }

    @Test
    void whenOciPlusModelcarSchemeThenUnsupported() {
        assertThat(Verdicts.summarize(isvc(false, "oci+modelcar://q.io/ns/m:1"), List.of(), MODELCAR).verdict())
                .isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
    }

    @Test
    void whenNoOciStorageThenNoOci() {
        InferenceServiceSummary s = Verdicts.summarize(isvc(true, "s3://b/m"),
                List.of(initializerPod(T0.plusSeconds(48))), MODELCAR);

        assertThat(s.verdict()).isEqualTo(Verdicts.NO_OCI);
        assertThat(s.modelcar().expected()).isFalse();
        assertThat(s.modelcar().pods().get(0).storageInitializer()).isTrue();
        assertThat(s.modelcar().pods().get(0).startupSeconds()).isEqualTo(48);
    }

    @Test
    void whenConfigurationNotReadYetThenShippedDefaultAssumed() {
        assertThat(Verdicts.summarize(isvc(true, "oci://q.io/ns/m:1"), List.of(), OciConfig.UNKNOWN).verdict())
                .isEqualTo(Verdicts.PENDING);
    }

    @Test
    void whenModelcarDisabledThenItOutranksOtherProblems() {
        assertThat(Verdicts.summarize(isvc(false, "oci://q.io/ns/m:latest"),
                List.of(modelcarPod("Waiting: ErrImagePull", "modelcar-init: ErrImagePull", null)), OFF).verdict())
                .isEqualTo(Verdicts.MODELCAR_DISABLED);
    }
}
