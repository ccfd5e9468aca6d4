package io.modelcar.console.inferenceservices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.modelcar.console.web.DataFreshness;

import org.springframework.stereotype.Service;

/**
 * Read side of the InferenceService inventory for controllers, pages and other features. Everything comes from
 * the informer cache: no call here sends a request to the API server (except {@link #controller()}, a cached GET).
 * Also the layout's {@link DataFreshness}: the pages' "data as of" banner follows the inventory's watch.
 */
@Service
public class InferenceServiceInventory implements DataFreshness {

    private final InventoryWatcher watcher;

    InferenceServiceInventory(InventoryWatcher watcher) {
        this.watcher = watcher;
    }

    public InventoryState state() {
        return watcher.state();
    }

    @Override
    public Freshness freshness() {
        InventoryState state = watcher.state();
        return new Freshness(state.synced(), state.stale(), state.asOf());
    }

    public OciConfig ociConfig() {
        return watcher.inventory().config();
    }

    public ControllerStatus controller() {
        return watcher.controller();
    }

    public long revision() {
        return watcher.inventory().revision();
    }

    /** True once the first full lists have been applied to the inventory (the same as {@code state().synced()}). */
    boolean inventorySynced() {
        return watcher.inventory().synced();
    }

    /**
     * Every InferenceService with at least one OCI storage URI, from the cache (for the toggles' impact), in
     * namespace and name order: read from the inventory's OCI index, not filtered from a copy of everything.
     */
    public List<InferenceServiceSummary> withOciStorage() {
        return watcher.inventory().withOciStorage();
    }

    /** Every InferenceService in the cache, with the revision it is at (read together). */
    Snapshot snapshot() {
        Inventory inventory = watcher.inventory();
        synchronized (inventory) {
            return new Snapshot(inventory.revision(), inventory.all());
        }
    }

    record Snapshot(long revision, List<InferenceServiceSummary> items) {
    }

    /** One InferenceService from the cache by namespace and name, or null: O(log N), no copy of the inventory. */
    public InferenceServiceSummary get(String namespace, String name) {
        return watcher.inventory().get(namespace, name);
    }

    InventoryPage query(InventoryQuery query) {
        return watcher.inventory().query(query);
    }

    void onChange(Consumer<Inventory.Change> listener) {
        watcher.inventory().onChange(listener);
    }

    Map<String, Integer> overviewCounts() {
        return watcher.inventory().counts();
    }

    public InventoryOverview overview() {
        Inventory inventory = watcher.inventory();
        Map<String, Integer> counts = inventory.counts();
        Map<String, Integer> byVerdict = new LinkedHashMap<>();
        for (String verdict : Verdicts.ALL) {
            byVerdict.put(verdict, counts.getOrDefault("v:" + verdict, 0));
        }
        Map<String, Integer> byWarning = new TreeMap<>();
        counts.forEach((key, count) -> {
            if (key.startsWith("w:") && count > 0) {
                byWarning.put(key.substring(2), count);
            }
        });
        return new InventoryOverview(counts.getOrDefault("all", 0), counts.getOrDefault("oci", 0), byVerdict,
                byWarning, inventory.startupStats(), inventory.config(), watcher.state());
    }
}
