package io.modelcar.console.inferenceservices;

import java.util.List;

/**
 * What the inventory keeps of one InferenceService: its storage URIs (parsed once, when the spec changes) and its
 * status. The raw object stays in the informer's store.
 */
record IsvcFacts(
        String namespace,
        String name,
        List<StorageUri> storage,
        Boolean ready,
        String url,
        String deploymentMode,
        List<Condition> conditions,
        String createdAt) {

    /** One entry of {@code status.conditions}. */
    record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
    }
}
