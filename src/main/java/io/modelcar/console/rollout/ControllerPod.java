package io.modelcar.console.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A controller pod as the page and the rollout tracking need it.
 *
 * @param terminating true when the pod has a deletion timestamp
 */
public record ControllerPod(
        String name,
        String phase,
        boolean ready,
        Instant createdAt,
        boolean terminating,
        List<Container> containers) {

    /** A container's status: the waiting reason and the last terminated state tell why a pod does not start. */
    public record Container(String name, boolean ready, int restartCount, String waitingReason, String waitingMessage,
            String lastTerminatedReason, Integer lastExitCode) {
    }

    /** The restart count summed over containers. */
    public int restarts() {
        return containers.stream().mapToInt(Container::restartCount).sum();
    }

    /** A short state for display: Ready, CrashLoopBackOff, ContainerCreating, Terminating, ... */
    public String state() {
        if (terminating) {
            return "Terminating";
        }
        if (ready) {
            return "Ready";
        }
        return containers.stream().map(Container::waitingReason).filter(r -> r != null && !r.isEmpty()).findFirst()
                .orElse(phase == null ? "Unknown" : phase);
    }
}
