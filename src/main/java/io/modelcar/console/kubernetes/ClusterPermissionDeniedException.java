package io.modelcar.console.kubernetes;

/**
 * The console's own identity is not allowed to do something by the cluster's RBAC (a 403 from the API server).
 */
public class ClusterPermissionDeniedException extends RuntimeException {

    private final String verb;
    private final String resource;

    public ClusterPermissionDeniedException(String verb, String resource, Throwable cause) {
        super("The console's ServiceAccount may not " + verb + " " + resource, cause);
        this.verb = verb;
        this.resource = resource;
    }

    public String verb() {
        return verb;
    }

    public String resource() {
        return resource;
    }
}
