package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StartupStatisticsTest {

    @Test
    void anEmptyInventoryHasNoStatistics() {
        assertThat(new StartupStatistics().stats()).containsExactly(
                new InventoryOverview.StartupStats("modelcar", 0, null, null, null),
                new InventoryOverview.StartupStats("storage-initializer", 0, null, null, null));
    }

    /** Kept as summaries are added, replaced and removed, it says what sorting every start-up time says. */
    @Test
    void whateverChangesTheStatisticsEqualThoseOfSortingEveryStartUpTime() {
        Random random = new Random(20261201);
        for (int round = 0; round < 20; round++) {
            StartupStatistics statistics = new StartupStatistics();
            Map<Integer, InferenceServiceSummary> inventory = new HashMap<>();
            for (int step = 0; step < 2_000; step++) {
                int name = random.nextInt(300);
                InferenceServiceSummary before = inventory.get(name);
                InferenceServiceSummary after = random.nextInt(5) == 0 ? null : summary(name, random);
                statistics.changed(before, after);
                if (after == null) {
                    inventory.remove(name);
                } else {
                    inventory.put(name, after);
                }
            }
            assertThat(statistics.stats()).isEqualTo(List.of(sorted("modelcar", inventory.values()),
                    sorted("storage-initializer", inventory.values())));
            assertThat(statistics.stats().get(0).pods()).isPositive();
        }
    }

    /** The statistics as the overview computed them before: every start-up time of the kind, sorted. */
    private static InventoryOverview.StartupStats sorted(String kind,
            Iterable<InferenceServiceSummary> summaries) {
        List<Long> seconds = new ArrayList<>();
        for (InferenceServiceSummary s : summaries) {
            for (InferenceServiceSummary.PodEvidence pod : s.modelcar().pods()) {
                boolean ofKind = kind.equals("modelcar") ? pod.modelcarContainer()
                        : !pod.modelcarContainer() && pod.storageInitializer();
                if (pod.startupSeconds() != null && ofKind) {
                    seconds.add(pod.startupSeconds());
                }
            }
        }
        if (seconds.isEmpty()) {
            return new InventoryOverview.StartupStats(kind, 0, null, null, null);
        }
        seconds.sort(null);
        long sum = seconds.stream().mapToLong(Long::longValue).sum();
        return new InventoryOverview.StartupStats(kind, seconds.size(), seconds.get((seconds.size() - 1) / 2),
                seconds.get((int) Math.ceil(seconds.size() * 0.9) - 1), Math.round((double) sum / seconds.size()));
    }

    /** An InferenceService with 0-3 pods of either kind (or neither), some not Ready yet. */
    private static InferenceServiceSummary summary(int name, Random random) {
        List<InferenceServiceSummary.PodEvidence> pods = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            boolean modelcar = random.nextBoolean();
            boolean initializer = !modelcar && random.nextInt(3) > 0;
            Long seconds = random.nextInt(6) == 0 ? null : (long) random.nextInt(240);
            pods.add(new InferenceServiceSummary.PodEvidence("p" + i, "Running", modelcar, null, modelcar, seconds,
                    initializer, null, 0, null, null));
        }
        return new InferenceServiceSummary("ns", "isvc-" + name, true, null, "RawDeployment", List.of(),
                new InferenceServiceSummary.Modelcar(true, "modelcar", true, pods), List.of(), "ok", List.of(), null);
    }
}
