package io.modelcar.console.rollout;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelcar.console.kubernetes.ControllerDeployment;
import io.modelcar.console.kubernetes.ControllerDeployments;
import io.modelcar.console.kubernetes.KubernetesErrors;
import io.modelcar.console.kubernetes.KubernetesProperties;

import org.springframework.stereotype.Component;

/**
 * The rollout feature's one door to the cluster. Uses only what the console's RBAC grants: get/patch on the
 * controller Deployment by name, list/watch/delete of pods in the KServe namespace, get/update/create of the record
 * ConfigMap and get of {@code inferenceservice-config}.
 */
@Component
class ControllerCluster {

    static final String RESTARTED_AT = ControllerDeployment.RESTARTED_AT;
    static final int DEFAULT_PROGRESS_DEADLINE = ControllerDeployment.DEFAULT_PROGRESS_DEADLINE;

    private final KubernetesClient client;
    private final KubernetesProperties properties;
    private final ControllerDeployments deployments;

    ControllerCluster(KubernetesClient client, KubernetesProperties properties, ControllerDeployments deployments) {
        this.client = client;
        this.properties = properties;
        this.deployments = deployments;
    }

    /** The controller Deployment, or empty when it does not exist (the shared reader's). */
    Optional<ControllerDeployment> deployment(String namespace, String name) {
        return deployments.read(namespace, name);
    }

    /** The controller pods (by the controller label), oldest first. */
    List<ControllerPod> pods(String namespace) {
        List<Pod> pods = KubernetesErrors.call("list", "pods", () -> client.pods().inNamespace(namespace)
                .withLabel(properties.controllerLabelKey(), properties.controllerLabelValue()).list().getItems());
        return pods.stream().map(ControllerCluster::toView)
                .sorted(Comparator.comparing(ControllerPod::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ControllerPod::name))
                .toList();
    }

    /** What {@code kubectl rollout restart} does, as a JSON merge patch (no strategic merge needed). */
    void patchRestartedAt(String namespace, String name, String restartedAt) {
        String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\""
                + restartedAt + "\"}}}}}";
        KubernetesErrors.call("patch", "deployments/" + name, () -> client.apps().deployments()
                .inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    /** The seed procedure's way: delete the controller pods by label and let the ReplicaSet replace them. */
    void deleteControllerPods(String namespace) {
        KubernetesErrors.call("delete", "pods", () -> client.pods().inNamespace(namespace)
                .withLabel(properties.controllerLabelKey(), properties.controllerLabelValue()).delete());
    }

    /** The data of KServe's ConfigMap (empty when absent). */
    Map<String, String> kserveConfig(String namespace, String configMap) {
        ConfigMap cm = KubernetesErrors.call("get", "configmaps/" + configMap,
                () -> client.configMaps().inNamespace(namespace).withName(configMap).get());
        return cm == null || cm.getData() == null ? Map.of() : cm.getData();
    }

    /**
     * Whether the API server serves {@code kind} in {@code groupVersion}, by API discovery as the controller asks it
     * (discovery is open to every authenticated user: no RBAC); null when discovery fails.
     */
    Boolean served(String groupVersion, String kind) {
        return served(client, groupVersion, kind);
    }

    /** {@link #served(String, String)} with any client (the pre-flight oracle asks a real API server with it). */
    static Boolean served(KubernetesClient client, String groupVersion, String kind) {
        try {
            APIResourceList resources = client.getApiResources(groupVersion);
            return resources != null && resources.getResources() != null
                    && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
        } catch (KubernetesClientException e) {
            return e.getCode() == 404 ? Boolean.FALSE : null;
        }
    }

    /** The stored restart log: its JSON (null when the ConfigMap does not exist yet) and resourceVersion. */
    StoredLog readLog(String namespace, String configMap) {
        ConfigMap cm = KubernetesErrors.call("get", "configmaps/" + configMap,
                () -> client.configMaps().inNamespace(namespace).withName(configMap).get());
        if (cm == null) {
            return new StoredLog(null, null);
        }
        return new StoredLog(cm.getData() == null ? null : cm.getData().get(RestartLog.KEY),
                cm.getMetadata().getResourceVersion());
    }

    /**
     * Writes the log guarded by the resourceVersion that was read (creates the ConfigMap when none was read).
     * Another writer in between, on this replica or another, makes it fail with {@link StaleRestartLogException}.
     */
    void writeLog(String namespace, String configMap, String json, String resourceVersion) {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(configMap).withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .addToLabels("app.kubernetes.io/managed-by", "modelcar-console").endMetadata()
                .addToData(RestartLog.KEY, json).build();
        try {
            if (resourceVersion == null) {
                client.configMaps().inNamespace(namespace).resource(cm).create();
            } else {
                client.configMaps().inNamespace(namespace).resource(cm).update();
            }
        } catch (KubernetesClientException e) {
            // the 409 is looked at before the translation, which would make it a ClusterRequestFailedException
            if (e.getCode() == 409) {
                throw new StaleRestartLogException();
            }
            throw KubernetesErrors.translate("update", "configmaps/" + configMap, e);
        }
    }

    record StoredLog(String json, String resourceVersion) {
    }

    static ControllerPod toView(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        List<ControllerPod.Container> containers = statuses.stream().map(ControllerCluster::toView).toList();
        return new ControllerPod(pod.getMetadata().getName(), pod.getStatus() == null ? null
                : pod.getStatus().getPhase(), ready, parseTime(pod.getMetadata().getCreationTimestamp()),
                pod.getMetadata().getDeletionTimestamp() != null, containers);
    }

    private static ControllerPod.Container toView(ContainerStatus s) {
        String waitingReason = null;
        String waitingMessage = null;
        if (s.getState() != null && s.getState().getWaiting() != null) {
            waitingReason = s.getState().getWaiting().getReason();
            waitingMessage = s.getState().getWaiting().getMessage();
        }
        String lastReason = null;
        Integer lastExit = null;
        if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
            lastReason = s.getLastState().getTerminated().getReason();
            lastExit = s.getLastState().getTerminated().getExitCode();
        }
        return new ControllerPod.Container(s.getName(), Boolean.TRUE.equals(s.getReady()),
                s.getRestartCount() == null ? 0 : s.getRestartCount(), waitingReason, waitingMessage, lastReason,
                lastExit);
    }

    private static Instant parseTime(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
