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

    /**
     * Runs a call against the cluster, translating every failure the API server answers with into the console's own
     * exceptions ({@link #translate}).
     */
    public static <T> T call(String verb, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(verb, resource, e);
        }
    }

    /**
     * The console's exception for a failed call: unreachable (no answer, 429, 502-504), permission denied (a 403 of
     * RBAC), or {@link ClusterRequestFailedException} for everything else the API server answers, so that none of
     * them ends as an unexplained 500. A caller that handles a status itself (409 as a stale resourceVersion, 404 as
     * "absent") checks {@link KubernetesClientException#getCode()} before translating.
     */
    public static RuntimeException translate(String verb, String resource, KubernetesClientException e) {
        if (isUnreachable(e)) {
            return new ClusterUnreachableException("Kubernetes API unreachable while trying to " + verb + " "
                    + resource, e);
        }
        int code = e.getCode();
        String message = e.getStatus() == null ? null : e.getStatus().getMessage();
        if (code == 403 && !isAdmissionDenial(message)) {
            return new ClusterPermissionDeniedException(verb, resource, e);
        }
        ClusterRequestFailedException.Kind kind = switch (code) {
            case 400, 403, 422 -> ClusterRequestFailedException.Kind.REJECTED;
            case 404 -> ClusterRequestFailedException.Kind.NOT_FOUND;
            case 409 -> ClusterRequestFailedException.Kind.CONFLICT;
            default -> ClusterRequestFailedException.Kind.SERVER_FAILED;
        };
        return new ClusterRequestFailedException(verb, resource, kind, code, message, e);
    }

    /**
     * Whether a 403's message is an admission check saying no rather than RBAC: a validating webhook ("admission
     * webhook \"x\" denied the request: ..."), a ValidatingAdmissionPolicy whose reason is Forbidden, a
     * ResourceQuota or Pod Security. Granting the ServiceAccount a permission would not help with any of these.
     */
    static boolean isAdmissionDenial(String message) {
        if (message == null) {
            return false;
        }
        return message.contains("admission webhook") || message.contains("denied the request")
                || message.contains("ValidatingAdmissionPolicy") || message.contains("denied request")
                || message.contains("exceeded quota") || message.contains("violates PodSecurity");
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
