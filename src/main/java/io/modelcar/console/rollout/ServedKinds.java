package io.modelcar.console.rollout;

/**
 * What the API server serves, as the controller asks it at start-up (API discovery, {@code utils.IsCrdAvailable}):
 * the restart pre-flight's view of the cluster ({@link StartupConfigValidator#validate(java.util.Map,
 * io.modelcar.console.kubernetes.KServeVersion, ServedKinds)}).
 */
@FunctionalInterface
interface ServedKinds {

    String GATEWAY_API = "gateway.networking.k8s.io/v1";
    String HTTP_ROUTE = "HTTPRoute";

    /**
     * Whether the API server serves {@code kind} in {@code groupVersion}.
     *
     * @return true or false, or null when it cannot be told (discovery failed): the pre-flight then does not claim
     *         a crash
     */
    Boolean served(String groupVersion, String kind);
}
