package io.modelcar.console.web;

import java.time.Duration;
import java.util.Map;

import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * What the API and the pages answer when the Kubernetes API server did not do what the console asked: the caller
 * learns whether the cluster refused the change (and the API server's own reason, which an admission webhook or
 * policy writes for the person making the change), whether the object is gone, or whether the API server failed,
 * instead of an unexplained 500. Only the API server's Status message is passed on, never its body or URL.
 */
final class ClusterProblems {

    private ClusterProblems() {
    }

    /** The API server is not answering: 503 with {@code Retry-After}. */
    static ProblemException unreachable(Duration retryAfter) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.CLUSTER_UNREACHABLE,
                "Cluster unreachable", "The Kubernetes API server is not answering. Nothing was changed; try again "
                        + "later.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
    }

    /** The console's ServiceAccount lacks a permission (RBAC): 502, naming it. */
    static ProblemException permissionDenied(ClusterPermissionDeniedException e) {
        return new ProblemException(HttpStatus.BAD_GATEWAY, ProblemTypes.CLUSTER_PERMISSION_DENIED,
                "Cluster permission missing", e.getMessage() + ". Grant the permission to the console's "
                        + "ServiceAccount (see the Helm chart's RBAC).")
                .with("missingPermission", Map.of("verb", e.verb(), "resource", e.resource()));
    }

    static ProblemException of(ClusterRequestFailedException e) {
        // the sentence goes on after the API server's reason: its own full stop is dropped
        String reason = e.serverMessage() == null ? "" : ": " + e.serverMessage().replaceFirst("\\.+$", "");
        return switch (e.kind()) {
            case REJECTED -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.CLUSTER_REJECTED,
                    "Rejected by the Kubernetes API server",
                    "The Kubernetes API server rejected the " + (e.write() ? "change" : "request") + reason
                            + ". Nothing was changed.")
                    .with("clusterStatus", e.code());
            case NOT_FOUND -> new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.CLUSTER_OBJECT_NOT_FOUND,
                    "Not found in the cluster", "The Kubernetes API server has no " + e.resource()
                            + " (deleted meanwhile?)" + reason + ". Nothing was changed.")
                    .with("clusterStatus", e.code());
            case CONFLICT -> new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict in the cluster",
                    e.resource() + " changed in the cluster meanwhile, or already exists" + reason
                            + ". Nothing was changed; reload and try again.")
                    .with("clusterStatus", e.code());
            case SERVER_FAILED -> new ProblemException(HttpStatus.BAD_GATEWAY, ProblemTypes.CLUSTER_REQUEST_FAILED,
                    "Kubernetes API server failed", "The Kubernetes API server failed to " + e.verb() + " "
                            + e.resource() + " (HTTP " + e.code() + ")."
                            + (e.write() ? " The change may or may not have been applied: reload before trying "
                                    + "again." : " Try again later."))
                    .with("clusterStatus", e.code());
        };
    }
}
