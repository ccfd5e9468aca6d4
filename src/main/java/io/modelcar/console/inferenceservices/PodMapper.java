package io.modelcar.console.inferenceservices;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.modelcar.console.inferenceservices.InventoryPod.Condition;
import io.modelcar.console.inferenceservices.InventoryPod.ContainerStatus;
import io.modelcar.console.inferenceservices.InventoryPod.Named;

/**
 * Turns a pod as the API server sends it into {@link PodFacts}: which modelcar containers it has, the modelcar-init
 * container's state, an image pull failure, when it became Ready. Beside {@link IsvcMapper}; pure, unit-tested.
 */
final class PodMapper {

    private PodMapper() {
    }

    /** The facts of a pod with the InferenceService label, or null without it. */
    static PodFacts facts(InventoryPod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(InventoryWatcher.ISVC_LABEL);
        return owner == null ? null : facts(pod, owner);
    }

    /** The facts of a pod of the InferenceService {@code owner}. */
    static PodFacts facts(InventoryPod pod, String owner) {
        var spec = pod.getSpec();
        var status = pod.getStatus();
        List<Named> containers = spec == null || spec.containers() == null ? List.of() : spec.containers();
        List<Named> inits = spec == null || spec.initContainers() == null ? List.of() : spec.initContainers();
        boolean modelcar = containers.stream().anyMatch(c -> isModelcar(c.name()));
        boolean modelcarInit = inits.stream().anyMatch(c -> isModelcarInit(c.name()));
        boolean storageInitializer = inits.stream().anyMatch(c -> "storage-initializer".equals(c.name()));
        List<ContainerStatus> initStatuses = status == null || status.initContainerStatuses() == null ? List.of()
                : status.initContainerStatuses();
        List<ContainerStatus> statuses = status == null || status.containerStatuses() == null ? List.of()
                : status.containerStatuses();
        String initState = null;
        String pullError = null;
        for (ContainerStatus s : initStatuses) {
            if (isModelcarInit(s.name())) {
                initState = stateText(s);
                pullError = pullError != null ? pullError : failure(s, true);
            }
        }
        for (ContainerStatus s : statuses) {
            if (isModelcar(s.name())) {
                pullError = pullError != null ? pullError : failure(s, false);
            }
        }
        if (modelcarInit && initState == null) {
            initState = "Waiting";
        }
        int restarts = 0;
        for (ContainerStatus s : statuses) {
            restarts += s.restartCount() == null ? 0 : s.restartCount();
        }
        Instant readyAt = null;
        if (status != null && status.conditions() != null) {
            for (Condition c : status.conditions()) {
                if ("Ready".equals(c.type()) && "True".equals(c.status())) {
                    readyAt = instant(c.lastTransitionTime());
                }
            }
        }
        return PodFacts.builder(SharedStrings.share(pod.getMetadata().getNamespace()), pod.getMetadata().getName(),
                        SharedStrings.share(owner))
                .phase(status == null ? null : SharedStrings.share(status.phase()))
                .createdAt(instant(pod.getMetadata().getCreationTimestamp())).readyAt(readyAt)
                .modelcarContainer(modelcar).modelcarInit(SharedStrings.share(initState))
                .modelcarInitPresent(modelcarInit)
                .modelcarPullError(SharedStrings.share(pullError))
                .shareProcessNamespace(spec != null && Boolean.TRUE.equals(spec.shareProcessNamespace()))
                .storageInitializer(storageInitializer).restarts(restarts).build();
    }

    private static final String MODELCAR = "modelcar";

    /**
     * {@code modelcar}, or {@code modelcar-} and digits (one per storage URI): read for every container of every pod
     * while syncing, so by hand rather than with a regular expression ({@code String.matches} compiles one per call).
     */
    static boolean isModelcar(String name) {
        if (name == null || !name.startsWith(MODELCAR)) {
            return false;
        }
        int length = name.length();
        if (length == MODELCAR.length()) {
            return true;
        }
        if (name.charAt(MODELCAR.length()) != '-' || length == MODELCAR.length() + 1) {
            return false;
        }
        for (int i = MODELCAR.length() + 1; i < length; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isModelcarInit(String name) {
        return name != null && name.startsWith("modelcar-init");
    }

    private static String stateText(ContainerStatus s) {
        var state = s.state();
        if (state == null) {
            return "Waiting";
        }
        if (state.waiting() != null) {
            String reason = state.waiting().reason();
            return reason == null ? "Waiting" : "Waiting: " + reason;
        }
        if (state.running() != null) {
            return "Running";
        }
        if (state.terminated() != null) {
            String reason = state.terminated().reason();
            Integer code = state.terminated().exitCode();
            return "Terminated: " + (reason == null ? "exit " + code : reason)
                    + (code != null && code != 0 ? " (exit " + code + ")" : "");
        }
        return "Waiting";
    }

    private static String failure(ContainerStatus s, boolean init) {
        var state = s.state();
        if (state == null) {
            return null;
        }
        if (state.waiting() != null) {
            String reason = state.waiting().reason();
            if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)
                    || "InvalidImageName".equals(reason) || "ErrImageNeverPull".equals(reason)) {
                return s.name() + ": " + reason;
            }
        }
        if (init && state.terminated() != null && state.terminated().exitCode() != null
                && state.terminated().exitCode() != 0) {
            return s.name() + ": exited " + state.terminated().exitCode()
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
