package io.modelcar.console.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A restart as the API and the pages show it: {@code id, state, startedAt, message} (api.md) plus extensions.
 *
 * @param done    true once Succeeded or Failed
 * @param failure why it failed (null unless Failed)
 */
public record RestartView(String id, RestartState state, Instant startedAt, String message, Instant finishedAt,
        String strategy, String actor, String deployment, int percent, boolean done, RestartFailure failure,
        List<String> oldPods) {

    static RestartView of(RestartRecord r) {
        return new RestartView(r.id(), r.state(), r.startedAt(), r.message(), r.finishedAt(), r.strategy().id(),
                r.actor(), r.deployment(), r.state() == RestartState.Succeeded ? 100 : r.percent(),
                !r.state().running(), r.failure(), r.oldPods());
    }
}
