package io.modelcar.console.inferenceservices;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelcar.console.testsupport.SyntheticInventory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inventory's own heap at N InferenceServices with a pod each, without Spring, HTTP or an API server (a separate
 * command, not a test): the synthetic objects are handed to the two informer item stores ({@link FactsStore}) exactly
 * as the informers hand them over, then the heap after a full GC is compared with the heap before; once more after
 * every item's JSON has been encoded (the page cache, filled as pages are read).
 * <pre>java -Xmx1g -cp ... io.modelcar.console.inferenceservices.InventoryMemoryBenchmark 50000</pre>
 */
public final class InventoryMemoryBenchmark {

    private InventoryMemoryBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        JsonMapper json = JsonMapper.builder().build();
        json.writeValueAsBytes(java.util.Map.of("warm", "up"));
        long before = usedAfterGc();
        long start = System.nanoTime();
        Stores stores = synthetic(n, json);
        Inventory inventory = stores.inventory();
        double seconds = (System.nanoTime() - start) / 1e9;
        long synced = usedAfterGc();
        String after = null;
        do {
            after = inventory.query(new InventoryQuery(null, null, null, null, null, 500, after)).next();
        } while (after != null);
        long encoded = usedAfterGc();
        System.out.printf("| %,d | %.1f | %d | %.1f | %d | %.1f |%n", inventory.size(), seconds,
                (synced - before) / (1024 * 1024), (synced - before) / (double) inventory.size() / 1024,
                (encoded - before) / (1024 * 1024), (encoded - before) / (double) inventory.size() / 1024);
        if (inventory.size() != n || stores.pods().size() != n) {
            throw new IllegalStateException("stored " + inventory.size() + " of " + n);
        }
    }

    /**
     * An inventory of the N synthetic InferenceServices and their pods, handed to the two informer item stores
     * ({@link FactsStore}) as the informers hand them over ({@link InformerTypes}), indexes built. The stores are
     * part of what the console keeps (each object's key and resourceVersion): hold on to the result, not only to
     * its inventory.
     */
    static Stores synthetic(int n, JsonMapper json) {
        Stores stores = stores(new Inventory(json::writeValueAsBytes));
        fill(stores, n);
        stores.inventory().markSynced(); // the first lists are in: the indexes are built, as in the console
        return stores;
    }

    /** Hands the N synthetic objects to the stores; each object is dropped as it is stored. */
    static void fill(Stores stores, int n) {
        List<HasMetadata> pending = new ArrayList<>(SyntheticInventory.objects(n));
        for (int i = 0; i < pending.size(); i++) {
            HasMetadata object = pending.set(i, null);
            if (object instanceof Pod pod) {
                InventoryPod slim = InformerTypes.pod(pod);
                stores.pods().put(stores.pods().getKey(slim), slim);
            } else {
                InventoryService isvc = InformerTypes.service(object);
                stores.services().put(stores.services().getKey(isvc), isvc);
            }
        }
    }

    /** The two informer item stores of the console, feeding {@code inventory} on the calling thread. */
    record Stores(Inventory inventory, FactsStore<InventoryService, IsvcFacts> services,
            FactsStore<InventoryPod, PodFacts> pods) {
    }

    static Stores stores(Inventory inventory) {
        return new Stores(inventory, new FactsStore<>(IsvcMapper::facts, InventoryService::new,
                new FactsStore.Listener<>() {
                    @Override
                    public void stored(String namespace, String name, IsvcFacts facts) {
                        inventory.putService(facts);
                    }

                    @Override
                    public void removed(String namespace, String name, IsvcFacts facts) {
                        inventory.removeService(namespace, name);
                    }
                }), new FactsStore<>(PodMapper::facts, InventoryPod::new, new FactsStore.Listener<>() {
                    @Override
                    public void stored(String namespace, String name, PodFacts facts) {
                        inventory.putPod(facts);
                    }

                    @Override
                    public void removed(String namespace, String name, PodFacts facts) {
                        inventory.removePod(namespace, name);
                    }
                }));
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
