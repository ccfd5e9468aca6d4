package io.modelcar.console.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * N synthetic InferenceServices in 50 namespaces ({@code bench-00} ... {@code bench-49}), each with one Ready pod:
 * 60% {@code oci://...:1.x}, 15% {@code :latest}, 10% untagged {@code oci://} on a registry with a port, 15%
 * {@code s3://}; modelcar-injected pods for OCI, a storage-initializer otherwise. The benchmark's mix, also behind
 * the sandbox's {@code -Dsandbox.seed=N}. Stored straight into the in-memory API ({@link MockKubernetesApi#bulkCreate}),
 * so 50,000 take seconds rather than the hours one HTTP create each would.
 */
public final class SyntheticInventory {

    public static final int NAMESPACES = 50;

    private SyntheticInventory() {
    }

    public static void seed(MockKubernetesApi api, int n) {
        Map<String, List<HasMetadata>> isvcs = new LinkedHashMap<>();
        Map<String, List<HasMetadata>> pods = new LinkedHashMap<>();
        for (HasMetadata object : objects(n)) {
            String ns = object.getMetadata().getNamespace();
            (object instanceof Pod ? pods : isvcs).computeIfAbsent(ns, k -> new ArrayList<>()).add(object);
        }
        isvcs.forEach((ns, list) -> api.bulkCreate("/apis/serving.kserve.io/v1beta1/namespaces/" + ns
                + "/inferenceservices", list));
        pods.forEach((ns, list) -> api.bulkCreate("/api/v1/namespaces/" + ns + "/pods", list));
    }

    /** The N InferenceServices and their N pods, each InferenceService followed by its pod. */
    public static List<HasMetadata> objects(int n) {
        List<HasMetadata> objects = new ArrayList<>(2 * n);
        Map<String, List<HasMetadata>> pods = new LinkedHashMap<>();
        Instant created = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            String ns = namespace(i);
            String name = "model-" + i;
            int kind = i % 20;
            String uri = kind < 12 ? "oci://quay.io/bench/model-" + (i % 500) + ":1." + (i % 7)
                    : kind < 15 ? "oci://quay.io/bench/model-" + (i % 500) + ":latest"
                    : kind < 17 ? "oci://registry.internal:5000/bench/model-" + (i % 500)
                    : "s3://bench-models/model-" + i;
            GenericKubernetesResource isvc = new GenericKubernetesResourceBuilder()
                    .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                            "modelFormat", Map.of("name", "sklearn"), "storageUri", uri))))
                    .addToAdditionalProperties("status", KServeSeed.isvcStatus(name, ns, true,
                            created.plusSeconds(30)))
                    .build();
            isvc.getMetadata().setCreationTimestamp(created.toString());
            objects.add(isvc);
            boolean oci = uri.startsWith("oci://");
            Pod pod = KServeSeed.pod(ns, name, oci ? KServeSeed.PodKind.MODELCAR
                    : KServeSeed.PodKind.STORAGE_INITIALIZER, uri.substring(uri.indexOf("://") + 3), created,
                    created.plusSeconds(oci ? 8 + i % 9 : 40 + i % 60));
            objects.add(pod);
        }
        return objects;
    }

    /** The namespace of the i-th synthetic InferenceService. */
    public static String namespace(int i) {
        return String.format("bench-%02d", i % NAMESPACES);
    }
}
