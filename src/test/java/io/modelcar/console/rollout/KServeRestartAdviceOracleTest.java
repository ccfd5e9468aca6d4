package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;
import io.modelcar.console.testsupport.WebhookCertificates;

/**
 * The restart advice, observed with the real controller: Modelcars are switched on in {@code storageInitializer}
 * while the controller runs (no restart), then a new pod is made for a {@code storageUri} InferenceService (the
 * pod webhook reads the ConfigMap on every admission) and for a {@code storageUris} one (the controller built the
 * modelcar containers into the Deployment at reconcile time). The console's advice after a storageInitializer
 * change must say "no restart needed" exactly when both kinds of new pods get the change without one.
 */
@org.junit.jupiter.api.Disabled("Issue 12, not yet passing: the first run against the real control plane hung in "
        + "KServeCluster.close (CRD deletion waits on InferenceService finalizers once the manager is stopped); "
        + "the suites have not run to the end yet, see docs/kserve-oracle.md")
class KServeRestartAdviceOracleTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;
    @RegisterExtension
    static final Prerequisite OPENSSL = WebhookCertificates.OPENSSL;

    private static final String OFF = "{\"image\": \"kserve/storage-initializer:latest\", \"enableModelcar\": false}";
    private static final String ON = "{\"image\": \"kserve/storage-initializer:latest\", \"enableModelcar\": true}";
    private static final String URI = "oci://quay.io/modelcar/sklearn:1.0";

    static Stream<Arguments> releases() {
        return KServeRelease.ALL.stream().map(Arguments::of);
    }

    @AfterAll
    static void resetCluster() {
        if (CONTROL_PLANE.present()) {
            ControlPlane.shared().reset();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void theAdviceSaysWhatNewPodsGetWithoutARestart(KServeRelease release) throws Exception {
        release.prerequisite().require();
        ControlPlane plane = ControlPlane.shared();
        KubernetesClient admin = plane.adminClient();
        Path work = Files.createTempDirectory("kserve-advice-" + release.version());
        String namespace = "advice-" + release.minor();
        boolean storageUriGetsIt;
        boolean storageUrisGetsIt;
        try (KServeCluster kserve = KServeCluster.start(release, admin, plane.adminKubeconfig(), work,
                Map.of("storageInitializer", OFF))) {
            plane.createNamespace(namespace);
            create(admin, namespace, "single", Map.of("containers", List.of(Map.of("name", "kserve-container",
                    "image", "quay.io/modelcar/server:1.0", "env", List.of(Map.of("name", "STORAGE_URI",
                            "value", URI))))));
            create(admin, namespace, "several", Map.of("storageUris", List.of(Map.of("uri", URI, "mountPath",
                    "/mnt/models")), "containers", List.of(Map.of("name", "kserve-container",
                            "image", "quay.io/modelcar/server:1.0"))));
            assertThat(modelcar(admin, namespace, "single")).as("Modelcars off: no modelcar").isFalse();
            assertThat(modelcar(admin, namespace, "several")).as("Modelcars off: no modelcar").isFalse();
            kserve.configure(Map.of("storageInitializer", ON));
            Thread.sleep(3000);
            storageUriGetsIt = modelcar(admin, namespace, "single");
            storageUrisGetsIt = modelcar(admin, namespace, "several");
        }
        RestartAdvice advice = RestartAdvice.afterStorageInitializerChange(
                KServeVersion.parse(release.version()).orElseThrow());
        System.out.println("Restart advice, " + release + ": a new storageUri pod gets the change without a restart: "
                + storageUriGetsIt + "; a new storageUris pod: " + storageUrisGetsIt + "; the console advises: "
                + advice.summary());
        assertThat(storageUriGetsIt).as("the pod webhook reads storageInitializer on every admission").isTrue();
        assertThat(advice.restartNeeded()).as(advice.message())
                .isEqualTo(!(storageUriGetsIt && storageUrisGetsIt));
    }

    private static void create(KubernetesClient admin, String namespace, String name, Map<String, Object> predictor) {
        GenericKubernetesResource isvc = KServeCluster.inferenceService(namespace, name,
                Map.of("predictor", predictor));
        admin.genericKubernetesResources(KServeCluster.ISVC).inNamespace(namespace).resource(isvc).create();
        admin.apps().deployments().inNamespace(namespace).withName(name + "-predictor")
                .waitUntilCondition(d -> d != null, 90, TimeUnit.SECONDS);
    }

    /** Whether a new pod of the InferenceService's predictor Deployment (created dryRun=All) gets a modelcar. */
    private static boolean modelcar(KubernetesClient admin, String namespace, String name) {
        Pod mutated = KServeCluster.dryRunPod(admin, namespace, name + "-predictor");
        return mutated.getSpec().getContainers().stream().anyMatch(c -> c.getName().startsWith("modelcar"));
    }
}
