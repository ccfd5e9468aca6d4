package io.modelcar.console.inferenceservices;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelcar.console.testsupport.SyntheticInventory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the console's sync costs it without an API server (a separate command, not a test): N synthetic
 * InferenceServices and their pods as JSON list pages of {@link InventoryWatcher#LIST_PAGE}, decoded by the fabric8
 * client's own serialization into the types the informers hand over, and put into the console's informer stores
 * (facts, summaries, indexes), on one thread, three passes in one fresh JVM. The first pass pays class loading and
 * compilation as a starting console does; the process CPU column counts every thread (the JIT compilers too).
 * <pre>java -Xmx1g -XX:+UseSerialGC -cp ... io.modelcar.console.inferenceservices.InformerDecodeBenchmark 50000</pre>
 * The synthetic JSON is leaner than an API server's (no {@code managedFields}, uid or resourceVersion per object), so
 * these are lower bounds of the decoding.
 */
public final class InformerDecodeBenchmark {

    private InformerDecodeBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<String> podPages = new ArrayList<>();
        List<String> servicePages = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<GenericKubernetesResource> services = new ArrayList<>();
        long bytes = 0;
        for (HasMetadata object : SyntheticInventory.objects(n)) {
            if (object instanceof Pod pod) {
                pods.add(pod);
            } else {
                services.add((GenericKubernetesResource) object);
            }
            if (pods.size() == InventoryWatcher.LIST_PAGE || services.size() == InventoryWatcher.LIST_PAGE) {
                bytes += page(serialization, pods, services, podPages, servicePages);
            }
        }
        bytes += page(serialization, pods, services, podPages, servicePages);
        System.out.printf("N = %,d: %d + %d pages, %.1f MB of JSON%n", n, servicePages.size(), podPages.size(),
                bytes / 1e6);
        System.out.println("| pass | wall (s) | of it InferenceServices / pods / index build (s) | process CPU, all threads (s) "
                + "| JIT compilation (s) |");
        System.out.println("|---|---|---|---|---|");
        for (int pass = 1; pass <= 3; pass++) {
            Inventory inventory = new Inventory(JsonMapper.builder().build()::writeValueAsBytes);
            InventoryMemoryBenchmark.Stores stores = InventoryMemoryBenchmark.stores(inventory);
            long cpu = processCpuNanos();
            long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long start = System.nanoTime();
            long[] steps = new long[3];
            for (String page : servicePages) {
                for (InventoryService isvc : serialization.unmarshal(page, InventoryServiceList.class).getItems()) {
                    stores.services().put(stores.services().getKey(isvc), isvc);
                }
            }
            steps[0] = System.nanoTime();
            for (String page : podPages) {
                for (InventoryPod pod : serialization.unmarshal(page, InventoryPodList.class).getItems()) {
                    stores.pods().put(stores.pods().getKey(pod), pod);
                }
            }
            steps[1] = System.nanoTime();
            inventory.markSynced(); // the indexes built once the first lists are in, as the console does
            steps[2] = System.nanoTime();
            System.out.printf("| %d | %.1f | %.1f / %.1f / %.1f | %.1f | %.1f |%n", pass, (steps[2] - start) / 1e9,
                    (steps[0] - start) / 1e9, (steps[1] - steps[0]) / 1e9, (steps[2] - steps[1]) / 1e9,
                    (processCpuNanos() - cpu) / 1e9,
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit) / 1e3);
            if (inventory.size() != n) {
                throw new IllegalStateException("stored " + inventory.size() + " of " + n);
            }
        }
    }

    private static long page(KubernetesSerialization serialization, List<Pod> pods,
            List<GenericKubernetesResource> services, List<String> podPages, List<String> servicePages) {
        long bytes = 0;
        if (!pods.isEmpty()) {
            String json = serialization.asJson(new PodListBuilder().withNewMetadata().withResourceVersion("1")
                    .endMetadata().withItems(pods).build());
            podPages.add(json);
            bytes += json.length();
            pods.clear();
        }
        if (!services.isEmpty()) {
            GenericKubernetesResourceList list = new GenericKubernetesResourceList();
            list.setApiVersion("serving.kserve.io/v1beta1");
            list.setKind("InferenceServiceList");
            list.setItems(new ArrayList<>(services));
            String json = serialization.asJson(list);
            servicePages.add(json);
            bytes += json.length();
            services.clear();
        }
        return bytes;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
