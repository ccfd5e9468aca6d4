package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.modelcar.console.kubernetes.KServeVersion;
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
        return PodFacts.builder("ns", "model-predictor-1", "model").phase(readyAt == null ? "Pending" : "Running")
                .createdAt(T0).readyAt(readyAt).modelcarContainer(true).modelcarInit(init).modelcarInitPresent(true)
                .modelcarPullError(pullError).shareProcessNamespace(true).build();
    }

    static PodFacts initializerPod(Instant readyAt) {
        return PodFacts.builder("ns", "model-predictor-2", "model").phase("Running").createdAt(T0).readyAt(readyAt)
                .storageInitializer(true).build();
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

    // deployment_reconciler.go:223-267 (v0.20.0, checkDeploymentExist, kmp.SafeDiff): KServe writes its own
    // Deployment back, so a rollout restart's restartedAt is removed and the rollout undone (docs/kserve-oracle.md)
    @Test
    void theNotInjectedRemedyDeletesThePodsRatherThanRollingTheDeployment() {
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.model.storageUri", "oci://q.io/ns/m:1"),
                List.of(initializerPod(T0.plusSeconds(30))), MODELCAR);

        assertThat(s.warnings()).filteredOn(w -> w.code().equals(Warning.MODELCAR_NOT_INJECTED)).singleElement()
                .satisfies(w -> assertThat(w.remedy()).doesNotContain("roll the predictor Deployment")
                        .contains("kubectl delete pod"));
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

    // v0.20 CommonStorageInitialization: an explicit oci+<mode>:// in storageUris[] other than native is a modelcar
    @Test
    void whenOciPlusFetchInStorageUrisOnV020ThenTheModelcarPath() {
        assertThat(Verdicts.summarize(isvc(null, "oci+fetch://q.io/ns/m:1"), List.of(), MODELCAR).verdict())
                .isEqualTo(Verdicts.PENDING);
        assertThat(Verdicts.summarize(isvc(null, "oci+fetch://q.io/ns/m:1"), List.of(),
                OciConfig.parse("{\"enableModelcar\": true}", V0_19)).verdict()).isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
    }

    @Test
    void whenOciPlusModelcarSchemeInStorageUriThenUnsupported() {
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "oci+modelcar://q.io/ns/m:1"), List.of(),
                MODELCAR).verdict()).isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
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

    static final KServeVersion V0_17 = new KServeVersion(0, 17, 0);
    static final KServeVersion V0_19 = new KServeVersion(0, 19, 0);

    static IsvcFacts at(String path, String uri) {
        return new IsvcFacts("ns", "model", List.of(StorageUris.of(path, uri)), true, null, null, List.of(), null);
    }

    static PodFacts pod(String name, boolean modelcar) {
        return PodFacts.builder("ns", name, "model").phase("Running").createdAt(T0).readyAt(T0.plusSeconds(5))
                .modelcarContainer(modelcar).modelcarInit(modelcar ? "Terminated: Completed" : null)
                .modelcarInitPresent(modelcar).shareProcessNamespace(modelcar).storageInitializer(!modelcar).build();
    }

    // issue 13.6: InjectModelcar acts on the pod whose own storage URI is OCI; a transformer pod gets none
    @Test
    void aTransformerPodWithoutModelcarIsNotNotInjectedWhenOnlyThePredictorUsesOci() {
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.model.storageUri", "oci://q.io/ns/m:1"),
                List.of(pod("model-predictor-00001-deployment-1", true), pod("model-transformer-00001-deployment-1",
                        false)), MODELCAR);
        assertThat(s.verdict()).isEqualTo(Verdicts.READY);
    }

    // issue 13.6: CommonStorageInitialization (v0.16..v0.18) injects nothing for oci:// in storageUris; v0.19 fixed it
    @Test
    void onV016ToV018OciInStorageUrisIsNeverInjectedAndRecreatingCannotHelp() {
        OciConfig config = OciConfig.parse("{\"enableModelcar\": true}", V0_17);
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.storageUris[0].uri", "oci://q.io/ns/m:1"),
                List.of(pod("model-predictor-1", false)), config);
        assertThat(s.verdict()).isEqualTo(Verdicts.NOT_INJECTED);
        assertThat(s.warnings()).filteredOn(w -> w.code().equals(Warning.MODELCAR_NOT_INJECTED)).singleElement()
                .satisfies(w -> assertThat(w.message() + w.remedy()).contains("v0.19").doesNotContain("Recreate"));
    }

    // issue 13.8: enableOciModelSupport and ociModelMode exist from v0.20 (pkg/types/config.go)
    @Test
    void beforeV020OnlyEnableModelcarDecides() {
        OciConfig config = OciConfig.parse("{\"ociModelMode\": \"native\", \"enableOciModelSupport\": true}", V0_19);
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "oci://q.io/ns/m:1"), List.of(), config)
                .verdict()).isEqualTo(Verdicts.MODELCAR_DISABLED);
    }

    // issue 13.8: SupportedStorageURIPrefixList per release
    @Test
    void theAcceptedSchemesAreTheReleasesOwn() {
        OciConfig v019 = OciConfig.parse("{\"enableModelcar\": true}", V0_19);
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "oci+native://q.io/ns/m:1"), List.of(),
                v019).verdict()).isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
        OciConfig v014 = OciConfig.parse("{\"enableModelcar\": true}", new KServeVersion(0, 14, 1));
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "hf://org/m"), List.of(), v014)
                .warnings()).extracting(Warning::code).contains(Warning.UNSUPPORTED_SCHEME);
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "hf://org/m"), List.of(), MODELCAR)
                .warnings()).extracting(Warning::code).doesNotContain(Warning.UNSUPPORTED_SCHEME);
    }

    // issue 13.9: no release's SupportedStorageURIPrefixList has oci+fetch://
    @Test
    void ociPlusFetchInAStorageUriIsRejectedByEveryRelease() {
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "oci+fetch://q.io/ns/m:1"), List.of(),
                MODELCAR).verdict()).isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
    }

    // issue 13.11: ValidateStorageURI lets a URI without "\\w+?://" through as a local path
    @Test
    void aLocalPathIsNotAnUnsupportedScheme() {
        assertThat(Verdicts.summarize(at("spec.predictor.model.storageUri", "/mnt/models/m"), List.of(), MODELCAR)
                .warnings()).isEmpty();
    }

    // issue 13.11: the webhook registers InjectModelcar only when OCI is on (mutator.go); oci+native mounts nothing
    @Test
    void ociPlusNativeInAStorageUriWhileOciIsOffMountsNothingAndSaysSo() {
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.model.storageUri",
                "oci+native://q.io/ns/m:1"), List.of(), OFF);
        assertThat(s.verdict()).isEqualTo(Verdicts.MODELCAR_DISABLED);
        assertThat(s.warnings()).extracting(Warning::code).contains(Warning.MODELCAR_DISABLED);
    }

    // issue 13.11: ConfigureOciNativeToContainer pulls IfNotPresent; the warning must not say Always
    @Test
    void aBareOciLatestUnderNativeModeIsNotWarnedAsPulledAlways() {
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.model.storageUri", "oci://q.io/ns/m:latest"),
                List.of(), NATIVE);
        assertThat(s.storage().get(0).oci().pullPolicy()).isEqualTo("IfNotPresent");
        assertThat(s.warnings()).extracting(Warning::message).noneMatch(m -> m.contains("Always"));
    }

    // pkg/utils/storage.go:692 (v0.20.0, ConfigureOciNativeToContainer): the image volume is pulled IfNotPresent
    // whatever the reference; an untagged one resolves to :latest and goes stale, it is not pulled Always
    @Test
    void anUntaggedReferenceUnderNativeIsNotWarnedAsPulledAlways() {
        for (String uri : List.of("oci://q.io/ns/m", "oci+native://q.io/ns/m")) {
            InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.model.storageUri", uri), List.of(),
                    NATIVE);
            assertThat(s.storage().get(0).oci().pullPolicy()).as(uri).isEqualTo("IfNotPresent");
            assertThat(s.warnings()).as(uri).extracting(Warning::code).containsExactly(Warning.UNTAGGED);
            assertThat(s.warnings()).as(uri).extracting(Warning::message)
                    .noneMatch(m -> m.contains("Always") || m.contains("every pod start"))
                    .allMatch(m -> m.contains("IfNotPresent"));
        }
    }

    // KServeInjectionOracleTest: the raw Deployment reconciler (setDefaultPodSpec) sets IfNotPresent on the modelcar
    // it builds in for storageUris; the pod webhook's modelcars are defaulted by the API server (Always for latest)
    @Test
    void aStorageUrisModelcarInARawDeploymentIsPulledIfNotPresentWhateverItsTag() {
        IsvcFacts raw = new IsvcFacts("ns", "model", List.of(StorageUris.of("spec.predictor.storageUris[0].uri",
                "oci://q.io/ns/m:latest")), true, null, "RawDeployment", List.of(), null);
        InferenceServiceSummary s = Verdicts.summarize(raw, List.of(), MODELCAR);
        assertThat(s.storage().get(0).oci().pullPolicy()).isEqualTo("IfNotPresent");
        assertThat(s.warnings()).filteredOn(w -> w.code().equals(Warning.LATEST_TAG)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("stale").doesNotContain("Always"));
        IsvcFacts webhook = new IsvcFacts("ns", "model", List.of(StorageUris.of("spec.predictor.model.storageUri",
                "oci://q.io/ns/m:latest")), true, null, "RawDeployment", List.of(), null);
        assertThat(Verdicts.summarize(webhook, List.of(), MODELCAR).storage().get(0).oci().pullPolicy())
                .isEqualTo("Always");
        IsvcFacts knative = new IsvcFacts("ns", "model", raw.storage(), true, null, "Serverless", List.of(), null);
        assertThat(Verdicts.summarize(knative, List.of(), MODELCAR).storage().get(0).oci().pullPolicy())
                .isEqualTo("Always");
    }

    // KServeInjectionOracleTest: before v0.20 an oci+<mode>:// in storageUris goes to the storage-initializer
    @Test
    void beforeV020AnOciPlusSchemeInStorageUrisIsUnsupportedAndSaysWhy() {
        InferenceServiceSummary s = Verdicts.summarize(at("spec.predictor.storageUris[0].uri",
                "oci+native://q.io/ns/m:1"), List.of(), OciConfig.parse("{\"enableModelcar\": true}", V0_17));
        assertThat(s.verdict()).isEqualTo(Verdicts.UNSUPPORTED_SCHEME);
        assertThat(s.warnings()).filteredOn(w -> w.code().equals(Warning.UNSUPPORTED_SCHEME)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("storage-initializer"));
    }
}
