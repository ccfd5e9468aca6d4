package io.modelcar.console.rollout;

import java.util.List;

import io.modelcar.console.kubernetes.KServeVersion;

/**
 * The seam where the full storageInitializer validation plugs into the restart pre-flight: the value is read by
 * the controller's webhook, and a malformed one fails every InferenceService pod creation. Answers problem messages
 * (empty when KServe accepts the value). Implemented by the storageinitializer feature.
 */
@FunctionalInterface
public interface StorageInitializerCheck {

    List<String> problems(String raw, KServeVersion version);
}
