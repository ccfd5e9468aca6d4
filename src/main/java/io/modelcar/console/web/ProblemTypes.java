package io.modelcar.console.web;

import java.net.URI;

/**
 * The stable {@code type} URIs of the console's Problem Details (RFC 9457). Scripts match on these: never rename one.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:modelcar-console:problem:";

    public static final URI UNAUTHORIZED = of("unauthorized");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI INVALID_REQUEST = of("invalid-request");
    public static final URI MALFORMED_JSON = of("malformed-json");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    public static final URI PRECONDITION_REQUIRED = of("precondition-required");
    public static final URI STALE_RESOURCE_VERSION = of("stale-resource-version");
    public static final URI INVALID_CONFIGURATION = of("invalid-configuration");
    public static final URI CONFLICT = of("conflict");
    public static final URI CLUSTER_UNREACHABLE = of("cluster-unreachable");
    public static final URI CLUSTER_PERMISSION_DENIED = of("cluster-permission-denied");
    public static final URI CLUSTER_REJECTED = of("cluster-rejected");
    public static final URI CLUSTER_OBJECT_NOT_FOUND = of("cluster-object-not-found");
    public static final URI CLUSTER_REQUEST_FAILED = of("cluster-request-failed");
    public static final URI INTERNAL = of("internal-error");

    private ProblemTypes() {
    }

    /** The type URI of a kind of problem, e.g. {@code of("restart-in-progress")}. */
    public static URI of(String kind) {
        return URI.create(PREFIX + kind);
    }
}
