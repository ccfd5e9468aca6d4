package io.modelcar.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark's seed of a bare API server ({@link ControlPlane#startApiServerOnly()}, {@link
 * SyntheticInventory.Pods#STATUS}), seeded on in two steps, holds what the in-memory benchmark stores for the same
 * N: the same InferenceServices with the same status, and pods with the phase, conditions, start-up time and
 * container statuses a kubelet would have written. Otherwise the real-API-server rows of {@code docs/benchmarks.md} would measure a
 * different inventory.
 */
class SyntheticInventoryTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    @Test
    void aBareApiServerSeededInTwoStepsHoldsTheInMemorySeed() {
        int n = 2 * SyntheticInventory.NAMESPACES + 7; // the second step starts in namespaces the first made
        try (ControlPlane cluster = ControlPlane.startApiServerOnly()) {
            KubernetesClient client = cluster.adminClient();
            SyntheticInventory.seed(client, 0, 60, "bench-node", 8, SyntheticInventory.Pods.STATUS);
            SyntheticInventory.seed(client, 60, n, "bench-node", 8, SyntheticInventory.Pods.STATUS);

            List<HasMetadata> expected = SyntheticInventory.objects(n);
            Map<String, GenericKubernetesResource> isvcs = client.genericKubernetesResources(
                    KServeResources.INFERENCE_SERVICES).inAnyNamespace().list().getItems().stream()
                    .collect(Collectors.toMap(SyntheticInventoryTest::key, Function.identity()));
            Map<String, Pod> pods = client.pods().inAnyNamespace().list().getItems().stream()
                    .collect(Collectors.toMap(SyntheticInventoryTest::key, Function.identity()));
            assertThat(isvcs).hasSize(n);
            assertThat(pods).hasSize(n);
            for (HasMetadata object : expected) {
                if (object instanceof Pod want) {
                    Pod got = pods.get(key(want));
                    assertThat(got).as(key(want)).isNotNull();
                    assertThat(got.getMetadata().getLabels()).isEqualTo(want.getMetadata().getLabels());
                    assertThat(got.getSpec().getNodeName()).isEqualTo("bench-node");
                    assertThat(got.getStatus().getPhase()).isEqualTo(want.getStatus().getPhase()).isEqualTo("Running");
                    assertThat(conditions(got)).isEqualTo(conditions(want));
                    assertThat(secondsToReady(got)).as("start-up of %s", key(want)).isEqualTo(secondsToReady(want));
                    assertThat(containers(got.getStatus().getContainerStatuses()))
                            .isEqualTo(containers(want.getStatus().getContainerStatuses()));
                    assertThat(containers(got.getStatus().getInitContainerStatuses()))
                            .isEqualTo(containers(want.getStatus().getInitContainerStatuses()));
                } else {
                    GenericKubernetesResource want = (GenericKubernetesResource) object;
                    GenericKubernetesResource got = isvcs.get(key(want));
                    assertThat(got).as(key(want)).isNotNull();
                    assertThat(got.getAdditionalProperties().get("spec"))
                            .isEqualTo(want.getAdditionalProperties().get("spec"));
                    assertThat(timeless(got.getAdditionalProperties().get("status")))
                            .isEqualTo(timeless(want.getAdditionalProperties().get("status")));
                }
            }
        }
    }

    /** A status without its times: each seed's times are relative to when it ran. */
    private static Object timeless(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.TreeMap<>();
            map.forEach((k, v) -> {
                if (!String.valueOf(k).endsWith("Time")) {
                    copy.put(k, timeless(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SyntheticInventoryTest::timeless).toList();
        }
        return value;
    }

    private static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** From the pod's creation to its Ready condition: the start-up time the console shows. */
    private static long secondsToReady(Pod pod) {
        String ready = pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getLastTransitionTime();
        return java.time.Duration.between(java.time.Instant.parse(pod.getMetadata().getCreationTimestamp()),
                java.time.Instant.parse(ready)).toSeconds();
    }

    private static Map<String, String> conditions(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
    }

    private static List<String> containers(List<ContainerStatus> statuses) {
        return statuses == null ? List.of() : statuses.stream().map(c -> c.getName() + " ready=" + c.getReady()
                + " restarts=" + c.getRestartCount() + " image=" + c.getImage() + " running="
                + (c.getState().getRunning() != null) + " terminated=" + (c.getState().getTerminated() == null ? null
                        : c.getState().getTerminated().getReason())).toList();
    }
}
