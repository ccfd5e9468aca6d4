package io.modelcar.console.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.modelcar.console.kubernetes.ControllerDeployment;

/**
 * Judges a running restart from the Deployment's status and the controller pods, as {@code kubectl rollout status}
 * does (observedGeneration, updated, ready and available replicas, the Progressing condition and its deadline),
 * plus the pods' container states, so that a crash-looping new pod fails the restart with its reason instead of
 * waiting out the whole deadline.
 *
 * @param crashLoopRestarts a new pod in CrashLoopBackOff with at least this many restarts fails the restart
 * @param deadlineGrace     added to the Deployment's progress deadline before the console gives up on its own
 */
record RolloutProgress(int crashLoopRestarts, Duration deadlineGrace) {

    static final String CRASH_LOOP = "CrashLoopBackOff";

    /** The outcome of one look at the cluster. */
    record Evaluation(RestartState state, int percent, String message, RestartFailure failure) {
    }

    Evaluation evaluate(RestartRecord restart, ControllerDeployment deployment, List<ControllerPod> pods,
            Instant now) {
        if (deployment == null) {
            return failed(restart, RestartFailure.of("DeploymentGone"), "The controller Deployment no longer exists.");
        }
        int desired = Math.max(deployment.desiredReplicas(), 1);
        List<ControllerPod> newPods = pods.stream()
                .filter(p -> !restart.oldPods().contains(p.name()) && !p.terminating()).toList();
        long oldLeft = pods.stream().filter(p -> restart.oldPods().contains(p.name())).count();
        long newReady = newPods.stream().filter(ControllerPod::ready).count();
        int percent = percent(desired, newPods.size(), newReady, oldLeft);
        Optional<RestartFailure> crash = crashLooping(newPods);

        if (restart.strategy() == RestartStrategy.ROLLOUT
                && !Objects.equals(deployment.restartedAt(), restart.restartedAt())) {
            return failed(restart, RestartFailure.of("Superseded"), "Another restart or change replaced this one "
                    + "(restartedAt is now " + deployment.restartedAt() + ").");
        }
        if (deployment.progressDeadlineExceeded()) {
            RestartFailure failure = crash.map(c -> withReason(c, "ProgressDeadlineExceeded"))
                    .orElse(RestartFailure.of("ProgressDeadlineExceeded"));
            return failed(restart, failure, "The new controller pod did not become available in time: "
                    + failure.describe() + ".");
        }
        if (crash.isPresent() && crash.get().restartCount() >= crashLoopRestarts) {
            String impact = restart.strategy() == RestartStrategy.ROLLOUT
                    ? "The old pod keeps serving while Kubernetes retries the new one"
                    : "No controller pod is Ready, so KServe's pod webhook (failurePolicy Fail) rejects new model pods";
            return failed(restart, crash.get(), "The new controller pod crash-loops: " + crash.get().describe()
                    + ". " + impact + "; fix the configuration, then restart again.");
        }
        Duration deadline = Duration.ofSeconds(deployment.progressDeadlineSeconds()).plus(deadlineGrace);
        if (restart.startedAt() != null && now.isAfter(restart.startedAt().plus(deadline))) {
            RestartFailure failure = crash.orElse(RestartFailure.of("Timeout"));
            return failed(restart, failure, "No progress within " + deadline.toSeconds() + " s: "
                    + failure.describe() + ".");
        }
        if (restart.strategy() == RestartStrategy.ROLLOUT) {
            if (deployment.observedGeneration() < deployment.generation()) {
                return progressing(5, "Waiting for the Deployment controller to observe the restart.");
            }
            if (deployment.updatedReplicas() < desired) {
                return progressing(percent, deployment.updatedReplicas() + " of " + desired
                        + " new replicas have been updated.");
            }
            if (deployment.replicas() > deployment.updatedReplicas()) {
                return progressing(percent, (deployment.replicas() - deployment.updatedReplicas())
                        + " old replicas are pending termination.");
            }
            if (deployment.availableReplicas() < deployment.updatedReplicas()) {
                return progressing(percent, deployment.availableReplicas() + " of " + deployment.updatedReplicas()
                        + " updated replicas are available.");
            }
            return new Evaluation(RestartState.Succeeded, 100, "The controller restarted: " + desired + " of "
                    + desired + " new replicas are available.", null);
        }
        if (oldLeft > 0) {
            return progressing(percent, oldLeft + " old controller pods are still terminating.");
        }
        if (newReady < desired || deployment.availableReplicas() < desired) {
            return progressing(percent, newReady + " of " + desired + " new controller pods are Ready.");
        }
        return new Evaluation(RestartState.Succeeded, 100, "The controller restarted: " + desired + " of " + desired
                + " new pods are Ready.", null);
    }

    /** 10 for started, up to 40 for new pods created, up to 40 for them Ready, 10 when the old ones are gone. */
    static int percent(int desired, long newPods, long newReady, long oldLeft) {
        int p = 10 + (int) (40 * Math.min(newPods, desired) / desired) + (int) (40 * Math.min(newReady, desired) / desired)
                + (oldLeft == 0 && newPods > 0 ? 10 : 0);
        return Math.min(p, 99);
    }

    private static Optional<RestartFailure> crashLooping(List<ControllerPod> newPods) {
        for (ControllerPod pod : newPods) {
            for (ControllerPod.Container c : pod.containers()) {
                if (CRASH_LOOP.equals(c.waitingReason()) || (!c.ready() && c.lastExitCode() != null
                        && c.lastExitCode() != 0)) {
                    return Optional.of(new RestartFailure(CRASH_LOOP, pod.name(), c.name(),
                            c.waitingReason(), c.lastTerminatedReason(), c.lastExitCode(), c.restartCount()));
                }
            }
        }
        return Optional.empty();
    }

    private static RestartFailure withReason(RestartFailure f, String reason) {
        return new RestartFailure(reason, f.pod(), f.container(), f.waitingReason(), f.lastTerminatedReason(),
                f.exitCode(), f.restartCount());
    }

    private static Evaluation progressing(int percent, String message) {
        return new Evaluation(RestartState.Progressing, percent, message, null);
    }

    private static Evaluation failed(RestartRecord restart, RestartFailure failure, String message) {
        return new Evaluation(RestartState.Failed, restart.percent(), message, failure);
    }
}
