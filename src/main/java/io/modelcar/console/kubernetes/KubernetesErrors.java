package io.modelcar.console.kubernetes;

import java.io.IOException;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Translates fabric8 failures into the console's own exceptions, so that no raw Kubernetes error body ever
 * travels further than the class that talked to the cluster.
 */
public final class KubernetesErrors {

    private KubernetesErrors() {
    }

    /** Runs a call against the cluster, translating "unreachable" and "forbidden" into our own exceptions. */
    public static <T> T call(String verb, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(verb, resource, e);
        }
    }

    public static RuntimeException translate(String verb, String resource, KubernetesClientException e) {
        if (isUnreachable(e)) {
            return new ClusterUnreachableException("Kubernetes API unreachable while trying to " + verb + " "
                    + resource, e);
        }
        if (e.getCode() == 403) {
            return new ClusterPermissionDeniedException(verb, resource, e);
        }
        return e;
    }

    public static boolean isUnreachable(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 0 || code == 429 || code == 502 || code == 503 || code == 504) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
