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

    /** Who gives the seeded pods their status on a real API server (which drops the status of a created pod). */
    public enum Pods {
        /** No pods. */
        NONE,
        /** Each pod is bound to a node that kwok plays; kwok runs it and writes its status. */
        KWOK,
        /**
         * The seed writes each pod's status itself through {@code pods/status}, as a kubelet does: for an API server
         * without controllers or kwok ({@link ControlPlane#startApiServerOnly()}). It also creates each namespace's
         * default ServiceAccount, which the controller manager would (pods are admitted only with it).
         */
        STATUS
    }

    /**
     * The same N InferenceServices and pods on a real API server, over HTTP with {@code threads} requests at a time:
     * each InferenceService is created and then given its status (a status subresource), each pod is bound to
     * {@code node}, whose kwok runs it and writes its status as a kubelet would.
     */
    public static void seed(KubernetesClient client, int n, String node, int threads) {
        seed(client, 0, n, node, threads, Pods.KWOK);
    }

    /**
     * The synthetic InferenceServices {@code from} (inclusive) to {@code to} (exclusive), and their pods as
     * {@code pods} says, over HTTP with {@code threads} requests at a time: a cluster seeded to N can be seeded on to
     * a larger N, and holds the same objects as one seeded to that N at once (their times relative to each step).
     */
    public static void seed(KubernetesClient client, int from, int to, String node, int threads, Pods pods) {
        KServeSeed seed = new KServeSeed(client);
        for (int i = from; i < Math.min(to, from + NAMESPACES); i++) {
            String ns = namespace(i);
            if (client.namespaces().withName(ns).get() != null) {
                continue;
            }
            seed.namespace(ns);
            if (pods == Pods.STATUS) {
                client.serviceAccounts().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model
                        .ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
            }
            seed.awaitDefaultServiceAccount(ns); // a pod is admitted once its namespace has its default ServiceAccount
        }
        Instant created = creationTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    createInferenceService(client, inferenceService(index, created));
                    if (pods == Pods.NONE) {
                        return;
                    }
                    Pod pod = pod(index, created);
                    pod.getSpec().setNodeName(node);
                    if (pods == Pods.STATUS) {
                        seed.createPod(pod, startupSeconds(index));
                    } else {
                        pod.setStatus(null); // kwok writes it
                        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
                    }
                }));
                if (pending.size() >= 10 * threads) {
                    awaitAll(pending);
                }
            }
            awaitAll(pending);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void createInferenceService(KubernetesClient client, GenericKubernetesResource isvc) {
        String ns = isvc.getMetadata().getNamespace();
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
        Instant created = creationTime();
        for (int i = 0; i < n; i++) {
            objects.add(inferenceService(i, created));
            objects.add(pod(i, created));
        }
        return objects;
    }

    /** Three hours ago, to the second: when every synthetic object was created. */
    private static Instant creationTime() {
        return Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The i-th InferenceService, with its status. */
    private static GenericKubernetesResource inferenceService(int i, Instant created) {
        String ns = namespace(i);
        String name = "model-" + i;
        GenericKubernetesResource isvc = new GenericKubernetesResourceBuilder()
                .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                        "modelFormat", Map.of("name", "sklearn"), "storageUri", storageUri(i)))))
                .addToAdditionalProperties("status", KServeSeed.isvcStatus(name, ns, true,
                        created.plusSeconds(30)))
                .build();
        isvc.getMetadata().setCreationTimestamp(created.toString());
        return isvc;
    }

    /** 60% {@code oci://...:1.x}, 15% {@code :latest}, 10% untagged on a registry with a port, 15% {@code s3://}. */
    private static String storageUri(int i) {
        int kind = i % 20;
        return kind < 12 ? "oci://quay.io/bench/model-" + (i % 500) + ":1." + (i % 7)
                : kind < 15 ? "oci://quay.io/bench/model-" + (i % 500) + ":latest"
                : kind < 17 ? "oci://registry.internal:5000/bench/model-" + (i % 500)
                : "s3://bench-models/model-" + i;
    }

    /** The i-th InferenceService's pod: modelcar-injected for an OCI URI, a storage-initializer otherwise. */
    private static Pod pod(int i, Instant created) {
        String uri = storageUri(i);
        boolean oci = uri.startsWith("oci://");
        return KServeSeed.pod(namespace(i), "model-" + i,
                oci ? KServeSeed.PodKind.MODELCAR : KServeSeed.PodKind.STORAGE_INITIALIZER,
                uri.substring(uri.indexOf("://") + 3), created, created.plusSeconds(startupSeconds(i)));
    }

    /** Seconds from the i-th pod's creation to Ready: 8-16 for a modelcar, 40-99 with a storage-initializer. */
    private static int startupSeconds(int i) {
        return storageUri(i).startsWith("oci://") ? 8 + i % 9 : 40 + i % 60;
    }

    /** The namespace of the i-th synthetic InferenceService. */
    public static String namespace(int i) {
        return String.format("bench-%02d", i % NAMESPACES);
    }
}
