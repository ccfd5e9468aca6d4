package io.modelcar.console.kubernetes;

/**
 * The Kubernetes API server did not answer (connection refused, timeout, 5xx after retries).
 */
public class ClusterUnreachableException extends RuntimeException {

    public ClusterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
