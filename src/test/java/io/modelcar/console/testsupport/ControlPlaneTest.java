package io.modelcar.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KServeResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture itself: a real API server that authenticates, authorizes with RBAC, validates InferenceServices by
 * their schema, and a controller manager and node that run a Deployment's pods to Ready, or into a crash loop.
 */
class ControlPlaneTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aDeploymentsPodBecomesReadyOnTheNodeAndAMarkedOneCrashLoops() {
        ControlPlane controlPlane = ControlPlane.shared();
        KubernetesClient admin = controlPlane.adminClient();
        controlPlane.createNamespace("fixture-pods");
        admin.apps().deployments().inNamespace("fixture-pods").resource(deployment("runs", Map.of())).create();
        admin.apps().deployments().inNamespace("fixture-pods")
                .resource(deployment("crashes", Map.of(ControlPlane.CRASH_LOOP_LABEL, "true"))).create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            Pod pod = onePod(admin, "runs");
            assertThat(pod.getSpec().getNodeName()).isEqualTo(ControlPlane.NODE);
            assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(admin.apps().deployments().inNamespace("fixture-pods").withName("runs").get().getStatus()
                    .getAvailableReplicas()).isEqualTo(1);
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(onePod(admin, "crashes").getStatus()
                .getContainerStatuses()).singleElement().satisfies(c -> {
                    assertThat(c.getReady()).isFalse();
                    assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
                    assertThat(c.getRestartCount()).isGreaterThanOrEqualTo(3);
                }));
        // defaulting: the API server fills in what a manifest leaves out
        assertThat(onePod(admin, "runs").getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        admin.namespaces().withName("fixture-pods").delete();
    }

    @Test
    void aServiceAccountMayDoOnlyWhatRbacGrantsAndTheCrdSchemaIsEnforced() {
        ControlPlane controlPlane = ControlPlane.shared();
        controlPlane.createNamespace("fixture-rbac");
        controlPlane.adminClient().serviceAccounts().inNamespace("fixture-rbac").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("nobody").endMetadata().build()).create();
        try (KubernetesClient nobody = controlPlane.client(
                controlPlane.serviceAccountKubeconfig("fixture-rbac", "nobody"))) {
            KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    KubernetesClientException.class,
                    () -> nobody.configMaps().inNamespace("fixture-rbac").list());
            assertThat(refused.getCode()).isEqualTo(403);
        }
        assertThat(controlPlane.kubectl("auth", "can-i", "create", "inferenceservices.serving.kserve.io", "-A"))
                .contains("yes");

        var wrongType = controlPlane.tryKubectl(controlPlane.adminKubeconfig(), """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: wrong, namespace: fixture-rbac}
                spec: {predictor: {model: {storageUri: 42}}}
                """, "apply", "-f", "-");
        assertThat(wrongType.exitCode()).isNotZero();
        assertThat(wrongType.error()).contains("storageUri");
        assertThat(controlPlane.adminClient().genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inNamespace("fixture-rbac").list().getItems()).isEmpty();
        controlPlane.adminClient().namespaces().withName("fixture-rbac").delete();
    }

    private static Pod onePod(KubernetesClient admin, String app) {
        var pods = admin.pods().inNamespace("fixture-pods").withLabel("app", app).list().getItems();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    private static Deployment deployment(String name, Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).addToLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("example.com/app:latest").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
