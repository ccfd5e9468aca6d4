package io.modelcar.console.images;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.stereotype.Service;

/**
 * Resolves a tag to the digest it points to now, and says how to pin a storage URI to it.
 */
@Service
class TagPins {

    private final RegistryApi registryApi;
    private final RegistryTargets targets;
    private final ImageMetrics metrics;

    private final ImagesAudit audit;

    TagPins(RegistryApi registryApi, RegistryTargets targets, ImagesAudit audit, ImageMetrics metrics) {
        this.registryApi = registryApi;
        this.targets = targets;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * What to resolve: a reference ({@code oci://} or plain), optionally a pull secret, and optionally where the
     * URI sits in an InferenceService (for a ready {@code kubectl patch}).
     */
    record ResolveRequest(String reference, PullSecrets.SecretRef pullSecret, Location inferenceService) {
    }

    /** An InferenceService field holding the URI, e.g. {@code spec.predictor.model.storageUri}. */
    record Location(String namespace, String name, String path) {
    }

    /**
     * The answer.
     *
     * @param reference    the reference as given
     * @param image        the normalised reference that was resolved (registry/repository:tag)
     * @param digest       the manifest digest the tag points to now
     * @param pinnedUri    the {@code oci://} URI pinned to that digest
     * @param pullPolicy   the pull policy Kubernetes gives the pinned URI
     * @param kubectlPatch a ready command, when the InferenceService location was given
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Resolution(String reference, String image, String digest, String pinnedUri, String pullPolicy,
            String kubectlPatch) {
    }

    /** Resolves, and audits who asked, what and with which pull secret, and how it ended. */
    Resolution resolve(ResolveRequest request) {
        String actor = Caller.current().name();
        String secret = ImagesAudit.secret(request.pullSecret());
        try {
            Resolution resolved = doResolve(request);
            audit.record(actor, "image.resolve", resolved.image(), io.modelcar.console.audit.AuditEvent.Outcome.SUCCESS,
                    resolved.digest() + "; pull secret " + secret);
            return resolved;
        } catch (RuntimeException e) {
            audit.record(actor, "image.resolve", String.valueOf(request.reference()),
                    io.modelcar.console.audit.AuditEvent.Outcome.REFUSED,
                    (e instanceof io.modelcar.console.web.ProblemException p ? p.title() : "error") + "; pull secret "
                            + secret);
            throw e;
        }
    }

    private Resolution doResolve(ResolveRequest request) {
        ImageName name;
        try {
            name = ImageName.parse(request.reference());
        } catch (ImageName.InvalidImageNameException e) {
            throw RegistryProblem.invalidReference(e.getMessage());
        }
        RegistryCredentials credentials = targets.credentials(name.registry(), request.pullSecret());
        String digest = metrics.resolve(() -> registryApi.resolveDigest(name, credentials));
        String pinned = Pinning.pinnedUri(request.reference(), name, digest);
        String patch = null;
        Location at = request.inferenceService();
        if (at != null && at.namespace() != null && at.name() != null && at.path() != null) {
            try {
                patch = Pinning.kubectlPatch(at.namespace(), at.name(), at.path(), request.reference().strip(),
                        pinned);
            } catch (IllegalArgumentException e) {
                throw RegistryProblem.invalidReference("The InferenceService namespace, name or field path is "
                        + "not valid.");
            }
        }
        String shown = name.registry() + "/" + name.repository()
                + (name.effectiveTag() != null ? ":" + name.effectiveTag() : "")
                + (name.digest() != null ? "@" + name.digest() : "");
        return new Resolution(request.reference(), shown, digest, pinned, "IfNotPresent", patch);
    }
}
