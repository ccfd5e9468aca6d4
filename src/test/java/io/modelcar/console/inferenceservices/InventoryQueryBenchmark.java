package io.modelcar.console.inferenceservices;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console's own CPU cost of each page scenario of {@link InventoryBenchmark}, without HTTP, Spring or an API
 * server (a separate command, not a test): the inventory of N synthetic InferenceServices with a pod each, then each
 * scenario's query, single-threaded, timed per call after a warm-up. Under {@code InventoryBenchmark}'s 32 clients
 * on 2 CPUs the console is CPU-bound, so a scenario's latency grows with what it costs here beside the HTTP
 * request's own cost.
 * <pre>java -Xmx1g -cp ... io.modelcar.console.inferenceservices.InventoryQueryBenchmark 50000</pre>
 */
public final class InventoryQueryBenchmark {

    private InventoryQueryBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        JsonMapper json = JsonMapper.builder().build();
        Inventory inventory = InventoryMemoryBenchmark.synthetic(n, json).inventory();
        String secondPage = inventory.query(new InventoryQuery(null, null, true, null, null, 50, null)).next();
        Map<String, IntFunction<InventoryQuery>> scenarios = new LinkedHashMap<>();
        scenarios.put("page of 50, no filter", i -> new InventoryQuery(null, null, null, null, null, 50, null));
        scenarios.put("page of 50, namespace + warning (matches none)",
                i -> new InventoryQuery("bench-07", null, null, Warning.LATEST_TAG, null, 50, null));
        scenarios.put("page of 50, oci=true, 2nd page", i -> new InventoryQuery(null, null, true, null, null, 50,
                secondPage));
        scenarios.put("page of 50, warning=untagged",
                i -> new InventoryQuery(null, null, null, Warning.UNTAGGED, null, 50, null));
        scenarios.put("page of 50, q= text search", i -> new InventoryQuery(null, "model-12", null, null, null, 50, null));
        scenarios.put("page of 50, q= + namespace",
                i -> new InventoryQuery("bench-07", "quay.io", null, null, null, 50, null));
        // more texts in turn than are kept: each call finds its search afresh, as a new text does
        scenarios.put("page of 50, q= a new text each call (model-100 ... model-163 in turn)",
                i -> new InventoryQuery(null, "model-" + (100 + i % (4 * KeptSearches.MAX_SEARCHES)), null, null, null,
                        50, null));
        System.out.printf("| N | scenario | total | p50 (µs) | p99 (µs) | mean (µs) |%n|---|---|---|---|---|---|%n");
        long sink = 0;
        for (Map.Entry<String, IntFunction<InventoryQuery>> scenario : scenarios.entrySet()) {
            IntFunction<InventoryQuery> query = scenario.getValue();
            for (int i = 0; i < calls; i++) { // warm-up: the JIT compiles the query's paths
                sink += inventory.query(query.apply(i)).total();
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                InventoryQuery asked = query.apply(i);
                long start = System.nanoTime();
                InventoryPage page = inventory.query(asked);
                // the page's JSON as the API writes it (cached per item after the first time)
                sink += page.itemsJson().size();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("| %,d | %s | %,d | %.1f | %.1f | %.1f |%n", n, scenario.getKey(),
                    inventory.query(query.apply(0)).total(), nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3,
                    Arrays.stream(nanos).average().orElseThrow() / 1e3);
        }
        if (sink == 0) {
            throw new IllegalStateException("no query answered anything");
        }
    }
}
