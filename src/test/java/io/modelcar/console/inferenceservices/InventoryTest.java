package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The index: filters, totals, cursor paging, change events and recomputation on configuration changes. */
class InventoryTest {

    final Inventory inventory = new Inventory();

    void add(String ns, String name, String uri) {
        inventory.putService(new IsvcFacts(ns, name, List.of(StorageUris.of("spec.predictor.model.storageUri", uri)),
                true, null, null, List.of(), null));
    }

    InventoryQuery query(String ns, String q, Boolean oci, String warning, int limit, String after) {
        return new InventoryQuery(ns, q, oci, warning, null, limit, after);
    }

    @Test
    void pagesInNamespaceThenNameOrderWithExactTotals() {
        for (int i = 0; i < 25; i++) {
            add("ns-" + (i % 3), String.format("m-%02d", i), i % 2 == 0 ? "oci://q.io/a/m:latest" : "s3://b/m");
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            InventoryPage page = inventory.query(query(null, null, null, null, 4, after));
            assertThat(page.total()).isEqualTo(25);
            page.items().forEach(s -> seen.add(Inventory.key(s.namespace(), s.name())));
            after = page.next();
        } while (after != null);
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();

        InventoryPage filtered = inventory.query(query("ns-1", null, true, "latest-tag", 2, null));
        assertThat(filtered.total()).isEqualTo(4);
        assertThat(filtered.items()).hasSize(2).allSatisfy(s -> assertThat(s.namespace()).isEqualTo("ns-1"));
        InventoryPage rest = inventory.query(query("ns-1", null, true, "latest-tag", 2, filtered.next()));
        assertThat(rest.items()).hasSize(2);
        assertThat(rest.next()).isNull();
        assertThat(inventory.query(query(null, "M-07", null, null, 10, null)).items()).extracting(
                InferenceServiceSummary::name).containsExactly("m-07");
        assertThat(inventory.query(query(null, null, false, null, 100, null)).total()).isEqualTo(12);
    }

    @Test
    void namespacesSortBeforeLongerNamespacesWithTheSamePrefix() {
        add("a", "z", "s3://b/m");
        add("a-b", "a", "s3://b/m");

        assertThat(inventory.query(query(null, null, null, null, 10, null)).items())
                .extracting(InferenceServiceSummary::namespace).containsExactly("a", "a-b");
    }

    @Test
    void changesAreAnnouncedOnlyWhenTheSummaryChanges() {
        List<Inventory.Change> changes = new ArrayList<>();
        inventory.onChange(changes::add);

        add("ns", "m", "oci://q.io/a/m:1");
        add("ns", "m", "oci://q.io/a/m:1");
        add("ns", "m", "oci://q.io/a/m:2");
        inventory.removeService("ns", "m");

        assertThat(changes).extracting(Inventory.Change::type).containsExactly("ADDED", "MODIFIED", "DELETED");
    }

    @Test
    void whenConfigurationChangesThenVerdictsAndCountsFollow() {
        add("ns", "m", "oci://q.io/a/m:1");
        inventory.config(OciConfig.parse("{\"enableModelcar\": false}"));

        assertThat(inventory.get("ns", "m").verdict()).isEqualTo(Verdicts.MODELCAR_DISABLED);
        assertThat(inventory.counts()).containsEntry("v:" + Verdicts.MODELCAR_DISABLED, 1)
                .containsEntry("w:modelcar-disabled", 1);

        inventory.config(OciConfig.parse("{\"enableModelcar\": true}"));
        assertThat(inventory.get("ns", "m").verdict()).isEqualTo(Verdicts.PENDING);
        assertThat(inventory.counts()).doesNotContainKeys("v:" + Verdicts.MODELCAR_DISABLED, "w:modelcar-disabled");
    }

    @Test
    void aNamespaceWhoseLastInferenceServiceGoesLeavesNoCount() {
        add("keep", "m", "oci://q.io/a/m:latest");
        for (int i = 0; i < 100; i++) {
            add("ci-" + i, "m", "oci://q.io/a/m:latest");
            inventory.removeService("ci-" + i, "m");
        }

        assertThat(inventory.counts()).as("no count of 0 kept").doesNotContainValue(0)
                .containsOnlyKeys("all", "ns:keep", "oci", "v:" + inventory.get("keep", "m").verdict(),
                        "w:latest-tag");
        assertThat(inventory.count("ci-1", "all")).isZero();
        add("ci-1", "m", "s3://b/m");
        assertThat(inventory.counts()).containsEntry("ns:ci-1", 1);
        assertThat(inventory.count("ci-1", "all")).isOne();
    }

    @Test
    void aPageOfAFilterInANamespaceWalksOnlyFromTheCursor() {
        for (int i = 0; i < 500; i++) {
            add("a", String.format("m-%03d", i), i % 2 == 0 ? "oci://q.io/a/m:latest" : "s3://b/m");
            add("b", String.format("m-%03d", i), "oci://q.io/a/m:latest");
        }
        inventory.markSynced();

        long before = inventory.walked();
        InventoryPage first = inventory.query(query("a", null, null, "latest-tag", 10, null));
        InventoryPage second = inventory.query(query("a", null, null, "latest-tag", 10, first.next()));
        assertThat(inventory.walked() - before).as("entries walked for two pages of 10").isLessThanOrEqualTo(22);
        assertThat(first.total()).isEqualTo(250);
        assertThat(second.total()).isEqualTo(250);
        assertThat(second.items()).hasSize(10).allSatisfy(s -> assertThat(s.namespace()).isEqualTo("a"));
        assertThat(second.items().get(0).name()).isEqualTo("m-020");
        assertThat(inventory.count("a", "w:latest-tag")).isEqualTo(250);
        assertThat(inventory.count("a", "all")).isEqualTo(500);
        assertThat(inventory.count("c", "all")).isZero();
    }

    @Test
    void theInferenceServicesWithOciStorageAreReadFromTheirIndexNotFromEverything() {
        InventoryWatcher watcher = new InventoryWatcher(null, null, null, null,
                tools.jackson.databind.json.JsonMapper.builder().build(), null, java.time.Clock.systemUTC());
        Inventory inventory = watcher.inventory();
        InferenceServiceInventory read = new InferenceServiceInventory(watcher);
        for (int i = 0; i < 1000; i++) {
            inventory.putService(InventoryMetricsTest.isvc("ns-" + (i % 7), String.format("m-%04d", i),
                    i % 100 == 0 ? "oci://q.io/a/m:1" : "s3://b/m"));
        }
        List<InferenceServiceSummary> expected = inventory.all().stream()
                .filter(s -> s.storage().stream().anyMatch(u -> u.oci() != null)).toList();
        assertThat(expected).hasSize(10);
        assertThat(read.withOciStorage()).as("while the first lists arrive").isEqualTo(expected);
        inventory.markSynced();

        long before = inventory.listed();
        assertThat(read.withOciStorage()).isEqualTo(expected);
        assertThat(inventory.listed() - before).as("items visited").isEqualTo(10);
    }

    @Test
    void podsArriveBeforeOrAfterTheirInferenceService() {
        inventory.putPod(PodFacts.builder("ns", "m-pod", "m").phase("Running").modelcarContainer(true)
                .modelcarInit("Running").modelcarInitPresent(true).shareProcessNamespace(true).build());
        add("ns", "m", "oci://q.io/a/m:1");
        assertThat(inventory.get("ns", "m").modelcar().pods()).hasSize(1);

        inventory.removePod("ns", "m-pod");
        assertThat(inventory.get("ns", "m").modelcar().pods()).isEmpty();
    }
}
