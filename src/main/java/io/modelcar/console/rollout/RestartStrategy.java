package io.modelcar.console.rollout;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the controller is restarted: {@code rollout} patches the pod template's {@code restartedAt} annotation as
 * {@code kubectl rollout restart} does (a rolling update: the old pod serves until the new one is Ready);
 * {@code delete-pods} deletes the controller pods by label, as KServe's docs do (no controller pod for a moment).
 */
public enum RestartStrategy {
    ROLLOUT("rollout"), DELETE_PODS("delete-pods");

    private final String id;

    RestartStrategy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<RestartStrategy> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(text == null ? "" : text.trim()))
                .findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
