package io.modelcar.console.rollout;

import java.time.Instant;
import java.util.List;

/**
 * One controller restart as kept in the cluster (ConfigMap {@code modelcar-console-restarts}), so every console
 * replica sees the same and a restarted console resumes following it.
 *
 * @param restartedAt the {@code restartedAt} value written to the pod template (also for delete-pods: the start)
 * @param oldPods     the controller pods that existed when the restart began; any other pod is a new one
 * @param percent     progress 0..100 for the progress bar
 * @param trackedBy   the console replica following the restart, with {@code heartbeatAt} its last sign of life
 */
public record RestartRecord(
        String id,
        RestartStrategy strategy,
        RestartState state,
        Instant startedAt,
        Instant finishedAt,
        String actor,
        String deployment,
        String restartedAt,
        List<String> oldPods,
        int percent,
        String message,
        RestartFailure failure,
        String trackedBy,
        Instant heartbeatAt) {

    public RestartRecord {
        oldPods = oldPods == null ? List.of() : List.copyOf(oldPods);
    }

    RestartRecord progressed(RestartState newState, int newPercent, String newMessage, RestartFailure newFailure,
            Instant now, String tracker) {
        return new RestartRecord(id, strategy, newState, startedAt, newState.running() ? null : now, actor,
                deployment, restartedAt, oldPods, newPercent, newMessage, newFailure, tracker, now);
    }

    /** The same restart without a tracker: the next replica that looks takes it over. */
    RestartRecord released() {
        return new RestartRecord(id, strategy, state, startedAt, finishedAt, actor, deployment, restartedAt, oldPods,
                percent, message, failure, null, heartbeatAt);
    }

    boolean abandoned(Instant now, java.time.Duration staleAfter) {
        Instant lastSign = heartbeatAt != null ? heartbeatAt : startedAt;
        return trackedBy == null || lastSign == null || lastSign.plus(staleAfter).isBefore(now);
    }
}
