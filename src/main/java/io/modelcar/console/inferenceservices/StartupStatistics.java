package io.modelcar.console.inferenceservices;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods' start-up times (creation to Ready) of the whole inventory, kept as it changes: per kind (modelcar,
 * storage-initializer) how many pods took each whole number of seconds. The overview's count, median, p90 and mean
 * are read from it by walking the distinct values (a few hundred), where before each overview after a change walked
 * every InferenceService and sorted every start-up time (at 100,000 with pods changing all the time: every home page
 * and fleet request).
 */
final class StartupStatistics {

    static final String MODELCAR = "modelcar";
    static final String STORAGE_INITIALIZER = "storage-initializer";

    private final Histogram modelcar = new Histogram();
    private final Histogram initializer = new Histogram();

    /** One InferenceService's summary replaced: {@code before} or {@code after} null when added or removed. */
    synchronized void changed(InferenceServiceSummary before, InferenceServiceSummary after) {
        if (before != null) {
            count(before, -1);
        }
        if (after != null) {
            count(after, 1);
        }
    }

    private void count(InferenceServiceSummary summary, int delta) {
        for (InferenceServiceSummary.PodEvidence pod : summary.modelcar().pods()) {
            if (pod.startupSeconds() == null) {
                continue;
            }
            if (pod.modelcarContainer()) {
                modelcar.add(pod.startupSeconds(), delta);
            } else if (pod.storageInitializer()) {
                initializer.add(pod.startupSeconds(), delta);
            }
        }
    }

    synchronized List<InventoryOverview.StartupStats> stats() {
        return List.of(modelcar.stats(MODELCAR), initializer.stats(STORAGE_INITIALIZER));
    }

    /** Pods per start-up second, their number and the sum of their seconds. */
    private static final class Histogram {

        private final TreeMap<Long, Integer> pods = new TreeMap<>();
        private int count;
        private long sum;

        void add(long seconds, int delta) {
            pods.merge(seconds, delta, (a, b) -> a + b == 0 ? null : a + b);
            count += delta;
            sum += seconds * delta;
        }

        /** As sorting every time would give: the median at {@code (n-1)/2}, p90 at {@code ceil(0.9 n)-1}. */
        InventoryOverview.StartupStats stats(String kind) {
            if (count == 0) {
                return new InventoryOverview.StartupStats(kind, 0, null, null, null);
            }
            return new InventoryOverview.StartupStats(kind, count, at((count - 1) / 2),
                    at((int) Math.ceil(count * 0.9) - 1), Math.round((double) sum / count));
        }

        /** The value at {@code index} of the sorted start-up times. */
        private Long at(int index) {
            int seen = 0;
            for (Map.Entry<Long, Integer> value : pods.entrySet()) {
                seen += value.getValue();
                if (index < seen) {
                    return value.getKey();
                }
            }
            throw new IllegalStateException("index " + index + " of " + count);
        }
    }
}
