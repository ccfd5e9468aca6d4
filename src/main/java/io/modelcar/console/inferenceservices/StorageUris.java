package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every storage URI in an InferenceService spec, in every place KServe reads one (kserve-facts.md 3): the
 * predictor's {@code model}, the legacy framework fields, {@code storageUris[]}, custom containers'
 * {@code STORAGE_URI} env, and the same for transformer, explainer ({@code art}) and canary predictors.
 */
final class StorageUris {

    static final List<String> FRAMEWORKS = List.of("sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx",
            "huggingface", "pmml", "lightgbm", "paddle");
    /** KServe v0.20.0's SupportedStorageURIPrefixList (case-sensitive). */
    static final Set<String> SUPPORTED_SCHEMES = Set.of("gs", "s3", "pvc", "file", "https", "http", "hdfs", "webhdfs",
            "oci", "oci+native", "hf");

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

    /** The parts every component has: {@code storageUris[]} and custom containers' {@code STORAGE_URI}. */
    private static void component(Map<String, Object> component, String prefix, List<StorageUri> found) {
        List<Object> uris = list(component.get("storageUris"));
        for (int i = 0; i < uris.size(); i++) {
            add(found, prefix + ".storageUris[" + i + "].uri", map(uris.get(i)).get("uri"));
        }
        List<Object> containers = list(component.get("containers"));
        for (int i = 0; i < containers.size(); i++) {
            for (Object env : list(map(containers.get(i)).get("env"))) {
                Map<String, Object> var = map(env);
                if ("STORAGE_URI".equals(var.get("name"))) {
                    add(found, prefix + ".containers[" + i + "].env[STORAGE_URI]", var.get("value"));
                }
            }
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
        if (scheme == null || !SUPPORTED_SCHEMES.contains(scheme)) {
            warnings.add(unsupported(path, uri, scheme));
        }
        return new StorageUri(path, uri, scheme, oci, List.copyOf(warnings));
    }

    private static Warning unsupported(String path, String uri, String scheme) {
        String message;
        if ("oci+modelcar".equals(scheme)) {
            message = "oci+modelcar:// is parsed by KServe but not accepted: the controller answers "
                    + "\"StorageURI not supported\".";
        } else if ("oci+fetch".equals(scheme)) {
            message = "oci+fetch:// is only accepted by KServe builds newer than v0.20.0.";
        } else if (scheme != null && scheme.toLowerCase(java.util.Locale.ROOT).startsWith("oci")) {
            message = "The prefix check is case-sensitive: " + scheme + ":// is not oci://.";
        } else {
            message = "\"" + uri + "\" does not start with a storage prefix KServe supports.";
        }
        return new Warning(Warning.UNSUPPORTED_SCHEME, message, path,
                "Use oci:// (or oci+native:// on KServe >= 0.20), s3://, gs://, pvc://, hf://, http(s)://.");
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
