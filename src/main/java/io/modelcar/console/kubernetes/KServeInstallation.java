package io.modelcar.console.kubernetes;

/**
 * Where KServe runs and what it is: found from the controller Deployment.
 *
 * @param namespace      namespace of the controller and of {@code inferenceservice-config}
 * @param configMapName  name of KServe's configuration ConfigMap
 * @param controllerName name of the controller Deployment, null when none was found
 * @param controllerImage image of the controller's manager container, null when unknown
 * @param version        KServe version from the image tag, null when the tag is not a version
 */
public record KServeInstallation(
        String namespace,
        String configMapName,
        String controllerName,
        String controllerImage,
        KServeVersion version) {

    public boolean controllerFound() {
        return controllerName != null;
    }

    /** The version as shown in the API ({@code v0.20.0}), or null. */
    public String versionText() {
        return version == null ? null : version.toString();
    }
}
