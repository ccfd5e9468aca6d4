package io.modelcar.console.toggles;

import java.util.List;

/**
 * An InferenceService that reads a model from a bare {@code oci://} URI, whose pods therefore depend on how the
 * configuration handles OCI.
 *
 * @param namespace namespace
 * @param name      name
 * @param uris      its {@code oci://} storage URIs
 */
record OciUser(String namespace, String name, List<String> uris) {
}
