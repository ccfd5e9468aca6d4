package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;

/**
 * Finds every storage URI in an InferenceService spec, in every place KServe reads one (kserve-facts.md 3): the
 * predictor's {@code model}, the legacy framework fields, {@code storageUris[]}, custom containers'
 * {@code STORAGE_URI} env, and the same for transformer, explainer ({@code art}) and canary predictors.
 */
final class StorageUris {

    static final List<String> FRAMEWORKS = List.of("sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx",
            "huggingface", "pmml", "lightgbm", "paddle");
    /** {@code ValidateStorageURI}: a URI without a {@code word://} anywhere is a local path. */
    private static final Pattern PROTOCOL = Pattern.compile("\\w+?://");
    /** {@code AzureBlobURIRegEx} (pkg/controller/v1beta1/inferenceservice/utils/utils.go). */
    private static final Pattern AZURE_BLOB = Pattern.compile("https://(.+?).blob.core.windows.net/(.+)");
    private static final String AZURE_BLOB_URL = "blob.core.windows.net";

    private StorageUris() {
    }

    /** All storage URIs of the spec (the InferenceService's {@code spec} object as a JSON map), in spec order. */
    static List<StorageUri> find(Map<String, Object> spec) {
        List<StorageUri> found = new ArrayList<>();
        if (spec == null) {
            return found;
        }
        Map<String, Object> predictor = map(spec.get("predictor"));
        predictor(predictor, "spec.predictor", found);
        component(map(spec.get("transformer")), "spec.transformer", found);
        Map<String, Object> explainer = map(spec.get("explainer"));
        add(found, "spec.explainer.art.storageUri", map(explainer.get("art")).get("storageUri"));
        component(explainer, "spec.explainer", found);
        List<Object> canaries = list(spec.get("canary"));
        for (int i = 0; i < canaries.size(); i++) {
            predictor(map(map(canaries.get(i)).get("predictor")), "spec.canary[" + i + "].predictor", found);
        }
        return found;
    }

    private static void predictor(Map<String, Object> predictor, String prefix, List<StorageUri> found) {
        add(found, prefix + ".model.storageUri", map(predictor.get("model")).get("storageUri"));
        for (String framework : FRAMEWORKS) {
            add(found, prefix + "." + framework + ".storageUri", map(predictor.get(framework)).get("storageUri"));
        }
        component(predictor, prefix, found);
    }

    /**
     * The parts every component has: {@code storageUris[]} and custom containers' {@code STORAGE_URI}, read where
     * {@code GetStorageUri} reads it (pkg/apis/serving/v1beta1/*_custom.go): the predictor's
     * {@code kserve-container}, the transformer's and explainer's first container; the first such variable only.
     */
    private static void component(Map<String, Object> component, String prefix, List<StorageUri> found) {
        List<Object> uris = list(component.get("storageUris"));
        for (int i = 0; i < uris.size(); i++) {
            add(found, prefix + ".storageUris[" + i + "].uri", map(uris.get(i)).get("uri"));
        }
        List<Object> containers = list(component.get("containers"));
        boolean predictor = prefix.endsWith(".predictor");
        for (int i = 0; i < containers.size(); i++) {
            if (predictor ? !"kserve-container".equals(map(containers.get(i)).get("name")) : i > 0) {
                continue;
            }
            for (Object env : list(map(containers.get(i)).get("env"))) {
                Map<String, Object> var = map(env);
                if ("STORAGE_URI".equals(var.get("name"))) {
                    add(found, prefix + ".containers[" + i + "].env[STORAGE_URI]", var.get("value"));
                    break;
                }
            }
            break;
        }
    }

    private static void add(List<StorageUri> found, String path, Object value) {
        if (!(value instanceof String uri) || uri.isBlank()) {
            return;
        }
        found.add(of(path, uri));
    }

    static StorageUri of(String path, String uri) {
        int sep = uri.indexOf("://");
        String scheme = sep > 0 ? uri.substring(0, sep) : null;
        OciReference oci = OciReferences.parse(uri);
        List<Warning> warnings = new ArrayList<>();
        if (oci != null) {
            oci.warnings().forEach(w -> warnings.add(w.at(path)));
        }
        return new StorageUri(path, uri, scheme, oci, List.copyOf(warnings));
    }

    /** The component a spec path belongs to: {@code predictor} (canaries too), {@code transformer}, {@code explainer}. */
    static String component(String path) {
        return path.startsWith("spec.transformer") ? "transformer"
                : path.startsWith("spec.explainer") ? "explainer" : "predictor";
    }

    /**
     * True for a {@code storageUris[]} entry: KServe handles those when it reconciles the Deployment or Knative
     * Service (CommonStorageInitialization with IsLegacyURI false), not in the pod webhook, and does not pass them
     * through ValidateStorageURI.
     */
    static boolean inStorageUris(String path) {
        return path.contains(".storageUris[");
    }

    /**
     * Why the release refuses the URI ({@code ValidateStorageURI}, pkg/controller/v1beta1/inferenceservice/utils/
     * utils.go: a local path passes, an Azure blob URL passes, otherwise a {@code SupportedStorageURIPrefixList}
     * prefix, case-sensitive), as a warning; null when it is accepted. Applies to {@code storageUri} and
     * {@code STORAGE_URI}, not to {@code storageUris[]}. A ClusterStorageContainer may serve other prefixes: the
     * console does not read those, so the warning says so.
     */
    static Warning unsupportedScheme(StorageUri storage, KServeVersion version) {
        String uri = storage.uri();
        if (inStorageUris(storage.path()) || !PROTOCOL.matcher(uri).find()) {
            return null;
        }
        if (uri.contains(AZURE_BLOB_URL) ? AZURE_BLOB.matcher(uri).find()
                : KServeFacts.supportedStoragePrefixes(version).stream().anyMatch(uri::startsWith)) {
            return null;
        }
        String scheme = storage.scheme();
        String release = version == null ? "KServe" : "KServe " + version;
        String message;
        if (scheme != null && scheme.startsWith("oci+") && storage.oci() != null) {
            message = scheme + ":// is not among " + release + "'s storage prefixes: the controller answers "
                    + "\"StorageURI not supported\"" + ("oci+native".equals(scheme) ? " (oci+native:// is accepted "
                            + "from KServe v0.20)." : " (no released KServe accepts it).");
        } else if (scheme != null && scheme.toLowerCase(java.util.Locale.ROOT).startsWith("oci")) {
            message = "The prefix check is case-sensitive: " + scheme + ":// is not oci://.";
        } else {
            message = "\"" + uri + "\" does not start with a storage prefix " + release + " supports by itself; "
                    + "it is refused unless a ClusterStorageContainer serves it.";
        }
        return new Warning(Warning.UNSUPPORTED_SCHEME, message, storage.path(),
                "Use one of " + String.join(" ", KServeFacts.supportedStoragePrefixes(version)) + ".");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
