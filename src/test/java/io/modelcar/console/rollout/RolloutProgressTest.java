package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.modelcar.console.kubernetes.ControllerDeployment;

import org.junit.jupiter.api.Test;

class RolloutProgressTest {

    private static final Instant START = Instant.parse("2026-11-26T16:00:00Z");
    private static final String AT = "2026-11-26T16:00:00Z";
    private final RolloutProgress progress = new RolloutProgress(3, Duration.ofSeconds(60));

    private static RestartRecord restart(RestartStrategy strategy) {
        return new RestartRecord("r1", strategy, RestartState.Progressing, START, null, "operator",
                "kserve/kserve-controller-manager", AT, List.of("old"), 10, "", null, "me", START);
    }

    private static ControllerDeployment deployment(long generation, long observed, int replicas, int updated,
            int ready, int available, String reason) {
        return new ControllerDeployment("kserve", "kserve-controller-manager", generation, observed, 1, replicas,
                updated, ready, available, false, AT,
                reason == null ? null : new ControllerDeployment.Condition("True", reason, "", START), 600);
    }

    private static ControllerPod pod(String name, boolean ready, ControllerPod.Container... containers) {
        return new ControllerPod(name, "Running", ready, START, false, List.of(containers));
    }

    private static ControllerPod.Container healthy() {
        return new ControllerPod.Container("manager", true, 0, null, null, null, null);
    }

    private static ControllerPod.Container crashing(int restarts) {
        return new ControllerPod.Container("manager", false, restarts, "CrashLoopBackOff", "back-off", "Error", 1);
    }

    @Test
    void whenTheDeploymentControllerHasNotObservedTheRestartThenProgressing() {
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT), deployment(2, 1, 1, 1, 1, 1, null),
                List.of(pod("old", true, healthy())), START.plusSeconds(1));
        assertThat(e.state()).isEqualTo(RestartState.Progressing);
        assertThat(e.message()).contains("observe");
    }

    @Test
    void whenTheOldReplicaIsStillThereThenProgressing() {
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT), deployment(2, 2, 2, 1, 1, 1, "ReplicaSetUpdated"),
                List.of(pod("old", true, healthy()), pod("new", false)), START.plusSeconds(1));
        assertThat(e.state()).isEqualTo(RestartState.Progressing);
        assertThat(e.message()).contains("old replicas are pending termination");
        assertThat(e.percent()).isBetween(11, 99);
    }

    @Test
    void whenAllNewReplicasAreAvailableThenSucceeded() {
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT),
                deployment(2, 2, 1, 1, 1, 1, "NewReplicaSetAvailable"), List.of(pod("new", true, healthy())),
                START.plusSeconds(5));
        assertThat(e.state()).isEqualTo(RestartState.Succeeded);
        assertThat(e.percent()).isEqualTo(100);
    }

    @Test
    void whenProgressDeadlineExceededThenFailedWithTheCrashingContainer() {
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT),
                deployment(2, 2, 2, 1, 1, 1, "ProgressDeadlineExceeded"),
                List.of(pod("old", true, healthy()), pod("new", false, crashing(1))), START.plusSeconds(600));
        assertThat(e.state()).isEqualTo(RestartState.Failed);
        assertThat(e.failure()).isEqualTo(new RestartFailure("ProgressDeadlineExceeded", "new", "manager",
                "CrashLoopBackOff", "Error", 1, 1));
        assertThat(e.message()).contains("exit code 1");
    }

    @Test
    void whenTheNewPodCrashLoopsOftenEnoughThenFailedBeforeTheDeadline() {
        List<ControllerPod> pods = List.of(pod("old", true, healthy()), pod("new", false, crashing(3)));
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT), deployment(2, 2, 2, 1, 1, 1, "ReplicaSetUpdated"),
                pods, START.plusSeconds(30));
        assertThat(e.state()).isEqualTo(RestartState.Failed);
        assertThat(e.failure().reason()).isEqualTo("CrashLoopBackOff");
        var early = progress.evaluate(restart(RestartStrategy.ROLLOUT),
                deployment(2, 2, 2, 1, 1, 1, "ReplicaSetUpdated"),
                List.of(pod("old", true, healthy()), pod("new", false, crashing(1))), START.plusSeconds(5));
        assertThat(early.state()).isEqualTo(RestartState.Progressing);
    }

    @Test
    void whenAnotherRestartReplacedTheAnnotationThenFailedAsSuperseded() {
        ControllerDeployment other = new ControllerDeployment("kserve", "kserve-controller-manager", 3, 3, 1, 1, 1, 1,
                1, false, "2026-11-26T16:05:00Z", null, 600);
        var e = progress.evaluate(restart(RestartStrategy.ROLLOUT), other, List.of(), START.plusSeconds(5));
        assertThat(e.state()).isEqualTo(RestartState.Failed);
        assertThat(e.failure().reason()).isEqualTo("Superseded");
    }

    @Test
    void whenNothingHappensUntilPastTheDeadlineThenFailedByTimeout() {
        var e = progress.evaluate(restart(RestartStrategy.DELETE_PODS), deployment(1, 1, 1, 1, 0, 0, null),
                List.of(pod("old", true, healthy())), START.plusSeconds(661));
        assertThat(e.state()).isEqualTo(RestartState.Failed);
        assertThat(e.failure().reason()).isEqualTo("Timeout");
    }

    @Test
    void deletePodsSucceedsWhenTheOldPodIsGoneAndANewOneIsReady() {
        RestartRecord r = restart(RestartStrategy.DELETE_PODS);
        assertThat(progress.evaluate(r, deployment(1, 1, 1, 1, 0, 0, null), List.of(pod("new", false)),
                START.plusSeconds(2)).state()).isEqualTo(RestartState.Progressing);
        assertThat(progress.evaluate(r, deployment(1, 1, 1, 1, 1, 1, null), List.of(pod("new", true, healthy())),
                START.plusSeconds(4)).state()).isEqualTo(RestartState.Succeeded);
    }

    @Test
    void whenTheDeploymentIsGoneThenFailed() {
        assertThat(progress.evaluate(restart(RestartStrategy.ROLLOUT), null, List.of(), START).state())
                .isEqualTo(RestartState.Failed);
    }
}
