package io.modelcar.console.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcar.console.inferenceservices.InferenceServiceInventory;
import io.modelcar.console.inferenceservices.InferenceServiceSummary;
import io.modelcar.console.inferenceservices.StorageUri;
import io.modelcar.console.inferenceservices.Warning;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * For an InferenceService whose OCI storage URIs are warned {@code latest-tag} or {@code untagged}: the digest each
 * tag points to now (asked with the pods' pull secrets where they have one), the pinned URI and a ready
 * {@code kubectl patch}. A registry error is reported on its URI and never fails the whole answer; nor does a pull
 * secret that Kubernetes refuses to let the console read (the chart grants no {@code get secrets} outside the KServe
 * namespace): the registry is then asked without it and the pin says so in its {@code note}.
 */
@Service
class InferenceServicePins {

    private final InferenceServiceInventory inventory;
    private final PullSecrets pullSecrets;
    private final RegistryTargets targets;
    private final RegistryApi registryApi;
    private final ImageMetrics metrics;

    private final ImagesAudit audit;

    InferenceServicePins(InferenceServiceInventory inventory, PullSecrets pullSecrets, RegistryTargets targets,
            RegistryApi registryApi, ImagesAudit audit, ImageMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        this.inventory = inventory;
        this.pullSecrets = pullSecrets;
        this.targets = targets;
        this.registryApi = registryApi;
    }

    /** The pins of one InferenceService. */
    record Pins(String namespace, String name, List<Pin> pins) {
    }

    /**
     * One storage URI that should be pinned.
     *
     * @param path         the spec field, e.g. {@code spec.predictor.model.storageUri}
     * @param uri          the URI as written
     * @param warnings     its warning codes ({@code latest-tag}, {@code untagged})
     * @param pullSecret   {@code namespace/name} of the pull secret used, or null (configured or anonymous)
     * @param digest       the digest the tag points to now, or null on error
     * @param pinnedUri    the URI pinned to it, or null on error
     * @param kubectlPatch the command that applies it, or null on error
     * @param error        a Problem Details object when the registry could not answer, else null
     * @param note         what the answer lacks and why (e.g. a pull secret the console may not read), else null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Pin(String path, String uri, List<String> warnings, String pullSecret, String digest, String pinnedUri,
            String kubectlPatch, Map<String, Object> error, String note) {
    }

    /** The pins of one InferenceService with an OCI storage URI; empty when there is none such (looked up by key). */
    Optional<Pins> pins(String namespace, String name) {
        InferenceServiceSummary found = inventory.get(namespace, name);
        if (found == null || found.storage().stream().noneMatch(u -> u.oci() != null)) {
            return Optional.empty();
        }
        List<StorageUri> unpinned = found.storage().stream().filter(u -> u.oci() != null && u.oci().valid())
                .filter(u -> u.warnings().stream().anyMatch(InferenceServicePins::tagWarning)).toList();
        List<PullSecrets.SecretRef> secrets = unpinned.isEmpty() ? List.of()
                : pullSecrets.podPullSecrets(namespace, name);
        List<Pin> pins = new ArrayList<>();
        for (StorageUri uri : unpinned) {
            Pin pin = pin(namespace, name, uri, secrets);
            pins.add(pin);
            audit.record(Caller.current().name(), "image.pin", uri.uri(), pin.error() == null
                    ? io.modelcar.console.audit.AuditEvent.Outcome.SUCCESS
                    : io.modelcar.console.audit.AuditEvent.Outcome.FAILED, "InferenceService " + namespace + "/" + name
                    + " " + uri.path() + "; pull secret " + (pin.pullSecret() == null ? "none" : pin.pullSecret())
                    + (pin.error() == null ? "" : "; " + pin.error().get("title")));
        }
        return Optional.of(new Pins(namespace, name, pins));
    }

    private Pin pin(String namespace, String name, StorageUri storage, List<PullSecrets.SecretRef> secrets) {
        List<String> codes = storage.warnings().stream().filter(InferenceServicePins::tagWarning)
                .map(Warning::code).distinct().toList();
        String secretUsed = null;
        List<String> unreadable = new ArrayList<>();
        try {
            ImageName image = ImageName.parse(storage.uri());
            RegistryCredentials credentials = null;
            for (PullSecrets.SecretRef secret : secrets) {
                try {
                    credentials = pullSecrets.credentials(secret, image.registry());
                    secretUsed = secret.namespace() + "/" + secret.name();
                    break;
                } catch (ProblemException noneForThisRegistry) {
                    // the next secret may hold credentials for this registry
                } catch (ClusterPermissionDeniedException refused) {
                    unreadable.add(secret.namespace() + "/" + secret.name());
                }
            }
            if (credentials == null) {
                credentials = targets.credentials(image.registry(), null);
            }
            RegistryCredentials resolveWith = credentials;
            String digest = metrics.resolve(() -> registryApi.resolveDigest(image, resolveWith));
            String pinned = Pinning.pinnedUri(storage.uri(), image, digest);
            String patch;
            try {
                patch = Pinning.kubectlPatch(namespace, name, storage.path(), storage.uri(), pinned);
            } catch (IllegalArgumentException notAddressable) {
                patch = null; // e.g. a container's STORAGE_URI env var: JSON pointers cannot select it by name
            }
            return new Pin(storage.path(), storage.uri(), codes, secretUsed, digest, pinned, patch, null,
                    note(unreadable, secretUsed));
        } catch (ImageName.InvalidImageNameException e) {
            return failed(storage, codes, secretUsed, RegistryProblem.invalidReference(e.getMessage()), null);
        } catch (ProblemException e) {
            return failed(storage, codes, secretUsed, e, note(unreadable, secretUsed));
        }
    }

    private static String note(List<String> unreadable, String secretUsed) {
        if (unreadable.isEmpty() || secretUsed != null) {
            return null;
        }
        return "The console's ServiceAccount may not get secrets " + String.join(", ", unreadable)
                + " (Kubernetes RBAC): the registry was asked without it, with the configured registry credentials"
                + " or anonymously. Grant get on that Secret to pin with the pods' own credentials.";
    }

    private static Pin failed(StorageUri storage, List<String> codes, String secret, ProblemException e,
            String note) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("type", e.type().toString());
        error.put("title", e.title());
        error.put("status", e.status().value());
        error.put("detail", e.getMessage());
        return new Pin(storage.path(), storage.uri(), codes, secret, null, null, null, error, note);
    }

    private static boolean tagWarning(Warning w) {
        return Warning.LATEST_TAG.equals(w.code()) || Warning.UNTAGGED.equals(w.code());
    }
}
