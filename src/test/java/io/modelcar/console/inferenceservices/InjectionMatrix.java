package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases of the injection differential ({@link KServeInjectionOracleTest}): {@code storageInitializer} values
 * crossed with storage URIs in every place KServe reads one. Each case is one InferenceService whose only OCI-ish
 * URI is the case's, so that what KServe did to its pods is about that URI alone.
 */
final class InjectionMatrix {

    /** Where the URI is written in the InferenceService. */
    enum Place {
        /** {@code spec.predictor.model.storageUri} (needs a serving runtime for the model format). */
        MODEL,
        /** {@code spec.predictor.storageUris[0].uri} with a custom container (KServe builds it at reconcile time). */
        STORAGE_URIS,
        /** {@code STORAGE_URI} env of the predictor's custom {@code kserve-container}. */
        CONTAINER,
        /** {@code STORAGE_URI} env of the transformer's container (the predictor has no storage). */
        TRANSFORMER,
        /** {@code STORAGE_URI} env of the explainer's container (the predictor has no storage). */
        EXPLAINER;

        /** The Deployment (raw mode) whose pods get the URI's storage. */
        String component() {
            return switch (this) {
                case TRANSFORMER -> "transformer";
                case EXPLAINER -> "explainer";
                default -> "predictor";
            };
        }
    }

    /** One {@code storageInitializer} configuration: the keys written over KServe's shipped value. */
    record Config(String name, Map<String, Object> keys) {

        /** The JSON value of the {@code storageInitializer} data key. */
        String json() {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("image", "kserve/storage-initializer:latest");
            all.put("memoryRequest", "100Mi");
            all.put("memoryLimit", "1Gi");
            all.put("cpuRequest", "100m");
            all.put("cpuLimit", "1");
            all.putAll(keys);
            StringBuilder out = new StringBuilder("{");
            all.forEach((k, v) -> {
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append('"').append(k).append("\": ")
                        .append(v instanceof String s ? "\"" + s + "\"" : String.valueOf(v));
            });
            return out.append('}').toString();
        }

        /** {@code uidModelcar} as written, or null: the console's rule is that KServe sets exactly it. */
        Long uidModelcar() {
            return keys.get("uidModelcar") instanceof Number n ? n.longValue() : null;
        }
    }

    record Case(Config config, Place place, String uri) {

        String describe() {
            return config.name() + " | " + place + " | " + uri;
        }
    }

    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** Storage URIs: OCI references of every shape and scheme, and non-OCI controls. */
    static final List<String> URIS = List.of(
            "oci://quay.io/modelcar/sklearn:1.0",
            "oci://quay.io/modelcar/sklearn@" + DIGEST,
            "oci://quay.io/modelcar/sklearn:1.0@" + DIGEST,
            "oci://quay.io/modelcar/sklearn:latest",
            "oci://quay.io/modelcar/sklearn",
            "oci://registry.local:5000/team/model:v2",
            "oci://localhost:5000/model",
            "oci://modelcar/sklearn:1.0",
            "oci+native://quay.io/modelcar/sklearn:1.0",
            "oci+native://quay.io/modelcar/sklearn",
            "oci+fetch://quay.io/modelcar/sklearn:1.0",
            "oci+modelcar://quay.io/modelcar/sklearn:1.0",
            "OCI://quay.io/modelcar/sklearn:1.0",
            "s3://models/sklearn/1");

    /** storageInitializer values: Modelcars off/on, the v0.20 switch, every ociModelMode, modelcar uid and size. */
    static final List<Config> CONFIGS = List.of(
            new Config("modelcar-off", Map.of("enableModelcar", false)),
            new Config("modelcar-on", ordered("enableModelcar", true, "cpuModelcar", "10m", "memoryModelcar", "15Mi",
                    "uidModelcar", 1010)),
            new Config("oci-support-on", ordered("enableOciModelSupport", true)),
            new Config("mode-modelcar", ordered("ociModelMode", "modelcar")),
            new Config("mode-native", ordered("ociModelMode", "native")),
            new Config("mode-fetch", ordered("enableModelcar", true, "ociModelMode", "fetch")),
            new Config("modelcar-on-uid-0", ordered("enableModelcar", true, "uidModelcar", 0)),
            new Config("modelcar-on-no-uid", ordered("enableModelcar", true, "cpuModelcar", "50m",
                    "memoryModelcar", "64Mi")),
            new Config("off-mode-native", ordered("enableModelcar", false, "ociModelMode", "native")),
            new Config("on-mode-empty", ordered("enableModelcar", true, "ociModelMode", "")));

    private InjectionMatrix() {
    }

    /** The configurations crossed with every URI; the others differ from one of them in one key only. */
    static final int FULL_CONFIGS = 6;

    /**
     * The first {@link #FULL_CONFIGS} configs with every URI in the predictor's places and with the OCI URIs that
     * matter most in the transformer and explainer (50 cases each); the other configs, which differ from one of
     * those in one key ({@code uidModelcar}, or how an off switch and an empty mode resolve), with a tag, {@code
     * latest}, an untagged reference and {@code oci+native://} in the predictor's places (12 each): 348 cases.
     */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int c = 0; c < CONFIGS.size(); c++) {
            Config config = CONFIGS.get(c);
            boolean full = c < FULL_CONFIGS;
            List<String> uris = full ? URIS : List.of(URIS.get(0), URIS.get(3), URIS.get(4), URIS.get(8));
            for (String uri : uris) {
                for (Place place : List.of(Place.MODEL, Place.STORAGE_URIS, Place.CONTAINER)) {
                    cases.add(new Case(config, place, uri));
                }
            }
            if (full) {
                for (String uri : List.of(URIS.get(0), URIS.get(4), URIS.get(8), URIS.get(13))) {
                    cases.add(new Case(config, Place.TRANSFORMER, uri));
                    cases.add(new Case(config, Place.EXPLAINER, uri));
                }
            }
        }
        return cases;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
