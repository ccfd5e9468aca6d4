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
import io.fabric8.kubernetes.client.KubernetesClient;

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

    /**
     * The same N InferenceServices and pods on a real API server, over HTTP with {@code threads} requests at a time:
     * each InferenceService is created and then given its status (a status subresource), each pod is bound to
     * {@code node}, whose kwok runs it and writes its status as a kubelet would (a real API server drops the status
     * of a created pod).
     */
    public static void seed(KubernetesClient client, int n, String node, int threads) {
        seed(client, n, node, threads, true);
    }

    /** As {@link #seed(KubernetesClient, int, String, int)}, without the pods when {@code pods} is false. */
    public static void seed(KubernetesClient client, int n, String node, int threads, boolean pods) {
        java.util.TreeSet<String> namespaces = new java.util.TreeSet<>();
        for (int i = 0; i < Math.min(n, NAMESPACES); i++) {
            namespaces.add(namespace(i));
        }
        KServeSeed seed = new KServeSeed(client);
        for (String ns : namespaces) { // a pod is admitted once its namespace has its default ServiceAccount
            seed.namespace(ns);
            seed.awaitDefaultServiceAccount(ns);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
            for (HasMetadata object : objects(n)) {
                if (!pods && object instanceof Pod) {
                    continue;
                }
                pending.add(pool.submit(() -> create(client, object, node)));
                if (pending.size() >= 10 * threads) {
                    awaitAll(pending);
                }
            }
            awaitAll(pending);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void create(KubernetesClient client, HasMetadata object, String node) {
        String ns = object.getMetadata().getNamespace();
        if (object instanceof Pod pod) {
            pod.getSpec().setNodeName(node);
            pod.setStatus(null);
            client.pods().inNamespace(ns).resource(pod).create();
            return;
        }
        GenericKubernetesResource isvc = (GenericKubernetesResource) object;
        Object status = isvc.getAdditionalProperties().remove("status");
        GenericKubernetesResource created = client.genericKubernetesResources(
                io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES).inNamespace(ns).resource(isvc)
                .create();
        created.getAdditionalProperties().put("status", status);
        client.genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                .inNamespace(ns).resource(created).updateStatus();
    }

    private static void awaitAll(List<java.util.concurrent.Future<?>> pending) {
        for (java.util.concurrent.Future<?> future : pending) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Seeding failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        pending.clear();
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
