package io.modelcar.console.inferenceservices;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/**
 * Turns a pod as the API server sends it into {@link PodFacts}: which modelcar containers it has, the modelcar-init
 * container's state, an image pull failure, when it became Ready. Beside {@link IsvcMapper}; pure, unit-tested.
 */
final class PodMapper {

    private PodMapper() {
    }

    /** The facts of a pod with the InferenceService label, or null without it. */
    static PodFacts facts(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(InventoryWatcher.ISVC_LABEL);
        return owner == null ? null : facts(pod, owner);
    }

    /** The facts of a pod of the InferenceService {@code owner}. */
    static PodFacts facts(Pod pod, String owner) {
        var spec = pod.getSpec();
        var status = pod.getStatus();
        List<Container> containers = spec == null || spec.getContainers() == null ? List.of() : spec.getContainers();
        List<Container> inits = spec == null || spec.getInitContainers() == null ? List.of()
                : spec.getInitContainers();
        boolean modelcar = containers.stream().anyMatch(c -> isModelcar(c.getName()));
        boolean modelcarInit = inits.stream().anyMatch(c -> isModelcarInit(c.getName()));
        boolean storageInitializer = inits.stream().anyMatch(c -> "storage-initializer".equals(c.getName()));
        List<ContainerStatus> initStatuses = status == null || status.getInitContainerStatuses() == null ? List.of()
                : status.getInitContainerStatuses();
        List<ContainerStatus> statuses = status == null || status.getContainerStatuses() == null ? List.of()
                : status.getContainerStatuses();
        String initState = null;
        String pullError = null;
        for (ContainerStatus s : initStatuses) {
            if (isModelcarInit(s.getName())) {
                initState = stateText(s);
                pullError = pullError != null ? pullError : failure(s, true);
            }
        }
        for (ContainerStatus s : statuses) {
            if (isModelcar(s.getName())) {
                pullError = pullError != null ? pullError : failure(s, false);
            }
        }
        if (modelcarInit && initState == null) {
            initState = "Waiting";
        }
        int restarts = 0;
        for (ContainerStatus s : statuses) {
            restarts += s.getRestartCount() == null ? 0 : s.getRestartCount();
        }
        Instant readyAt = null;
        if (status != null && status.getConditions() != null) {
            for (PodCondition c : status.getConditions()) {
                if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                    readyAt = instant(c.getLastTransitionTime());
                }
            }
        }
        return PodFacts.builder(SharedStrings.share(pod.getMetadata().getNamespace()), pod.getMetadata().getName(),
                        SharedStrings.share(owner))
                .phase(status == null ? null : SharedStrings.share(status.getPhase()))
                .createdAt(instant(pod.getMetadata().getCreationTimestamp())).readyAt(readyAt)
                .modelcarContainer(modelcar).modelcarInit(SharedStrings.share(initState))
                .modelcarInitPresent(modelcarInit)
                .modelcarPullError(SharedStrings.share(pullError))
                .shareProcessNamespace(spec != null && Boolean.TRUE.equals(spec.getShareProcessNamespace()))
                .storageInitializer(storageInitializer).restarts(restarts).build();
    }

    private static boolean isModelcar(String name) {
        return name != null && (name.equals("modelcar") || name.matches("modelcar-\\d+"));
    }

    private static boolean isModelcarInit(String name) {
        return name != null && name.startsWith("modelcar-init");
    }

    private static String stateText(ContainerStatus s) {
        var state = s.getState();
        if (state == null) {
            return "Waiting";
        }
        if (state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            return reason == null ? "Waiting" : "Waiting: " + reason;
        }
        if (state.getRunning() != null) {
            return "Running";
        }
        if (state.getTerminated() != null) {
            String reason = state.getTerminated().getReason();
            Integer code = state.getTerminated().getExitCode();
            return "Terminated: " + (reason == null ? "exit " + code : reason)
                    + (code != null && code != 0 ? " (exit " + code + ")" : "");
        }
        return "Waiting";
    }

    private static String failure(ContainerStatus s, boolean init) {
        var state = s.getState();
        if (state == null) {
            return null;
        }
        if (state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)
                    || "InvalidImageName".equals(reason) || "ErrImageNeverPull".equals(reason)) {
                return s.getName() + ": " + reason;
            }
        }
        if (init && state.getTerminated() != null && state.getTerminated().getExitCode() != null
                && state.getTerminated().getExitCode() != 0) {
            return s.getName() + ": exited " + state.getTerminated().getExitCode()
                    + " (the image has no model files under /models)";
        }
        return null;
    }

    static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
