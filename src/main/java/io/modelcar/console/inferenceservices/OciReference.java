package io.modelcar.console.inferenceservices;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An {@code oci://} storage URI taken apart the way the container runtime and Kubernetes will read it
 * (distribution/reference grammar, Docker Hub normalisation, kubelet pull-policy defaulting).
 *
 * @param mode       the OCI mode the URI's scheme asks for: {@code oci} (bare, the configured mode decides),
 *                   {@code native}, {@code fetch} or {@code modelcar}
 * @param image      the image reference KServe hands to the runtime (everything after the scheme, verbatim)
 * @param registry   registry host (with port), {@code docker.io} when none is given
 * @param repository repository path, {@code library/...} for single-component Docker Hub names
 * @param tag        tag, or null
 * @param digest     digest, or null
 * @param pullPolicy the image pull policy the pods will get: {@code Always} or {@code IfNotPresent}
 * @param pinned     true when a digest fixes the content
 * @param valid      true when the reference is valid for the container runtime
 * @param problem    why it is not valid, or null
 * @param warnings   what is risky about it (codes {@code latest-tag}, {@code untagged}, {@code invalid-reference},
 *                   {@code uppercase})
 */
public record OciReference(
        String mode,
        String image,
        String registry,
        String repository,
        String tag,
        String digest,
        String pullPolicy,
        boolean pinned,
        boolean valid,
        String problem,
        @JsonIgnore List<Warning> warnings) {

    public static final String ALWAYS = "Always";
    public static final String IF_NOT_PRESENT = "IfNotPresent";

    /** The same reference with the pull policy KServe sets itself (oci+native and native mode: IfNotPresent). */
    OciReference withPullPolicy(String policy) {
        return new OciReference(mode, image, registry, repository, tag, digest, policy, pinned, valid, problem,
                warnings);
    }
}
