package io.modelcar.console.rollout;

/**
 * A value in {@code inferenceservice-config} that would make a restarted controller fail.
 *
 * @param key     the ConfigMap data key, e.g. {@code ingress}
 * @param message why the controller would crash (or its webhook fail) with it
 */
public record StartupKeyProblem(String key, String message) {
}
