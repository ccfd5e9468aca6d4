package io.modelcar.console.inferenceservices;

import java.util.List;

/**
 * One storage URI of an InferenceService and where it was found.
 *
 * @param path     the spec field, e.g. {@code spec.predictor.model.storageUri}
 * @param uri      the URI as written
 * @param scheme   the part before {@code ://}, or null
 * @param oci      the parsed reference when the URI is OCI, else null
 * @param warnings what is risky about this URI
 */
public record StorageUri(String path, String uri, String scheme, OciReference oci, List<Warning> warnings) {
}
