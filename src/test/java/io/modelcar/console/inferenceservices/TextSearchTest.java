package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The indexed text search ({@code q=}) answers exactly what a scan of every InferenceService answers: the same
 * items in the same order, page by page along the cursor, with the same total, alone and combined with every other
 * filter, while InferenceServices come, change and go (randomised data from a small alphabet, so that texts share
 * many trigrams). Each test's first round is the first sync, before the indexes are built ({@link
 * Inventory#markSynced()} builds them); the later ones run on the built indexes as changes keep them up to date.
 */
class TextSearchTest {

    static final String ALPHABET = "ab-1.:/A";
    static final String[] NAMESPACES = {"team-a", "team-ab", "ba-1"};
    static final String[] VERDICT_FILTERS = {null, Verdicts.READY, Verdicts.NO_OCI, Verdicts.UNSUPPORTED_SCHEME};
    static final String[] WARNING_FILTERS = {null, Warning.LATEST_TAG, Warning.UNTAGGED, Warning.UNSUPPORTED_SCHEME};

    @RepeatedTest(20)
    void indexedSearchEqualsABruteForceScan(RepetitionInfo repetition) {
        long seed = 7919L * repetition.getCurrentRepetition() + System.nanoTime();
        Random random = new Random(seed);
        Inventory inventory = new Inventory();
        List<String[]> present = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            mutate(inventory, present, random, round == 0 ? 300 : 40);
            List<InferenceServiceSummary> all = inventory.all();
            for (int i = 0; i < 40; i++) {
                String q = query(random, all);
                InventoryQuery query = new InventoryQuery(
                        random.nextInt(3) == 0 ? NAMESPACES[random.nextInt(NAMESPACES.length)] : null, q,
                        random.nextInt(3) == 0 ? random.nextBoolean() : null,
                        WARNING_FILTERS[random.nextInt(WARNING_FILTERS.length)],
                        VERDICT_FILTERS[random.nextInt(VERDICT_FILTERS.length)], 1 + random.nextInt(12), null);
                List<InferenceServiceSummary> expected = bruteForce(all, query);
                assertThat(pageThrough(inventory, query, null, expected.size(), seed))
                        .as("items for %s in round %d (seed %d)", query, round, seed).isEqualTo(expected);
            }
            // round 0 is the first sync (no indexes yet: every filter checked on each item); then they are built
            inventory.markSynced();
        }
    }

    /**
     * A text search asked for once is kept and updated by every later change, like the other indexes: asked again
     * after InferenceServices came, changed and went, each of a fixed set of queries (fewer than are kept, so they
     * stay) answers what a scan answers, alone, within a namespace and with other filters, from any cursor. More
     * queries than are kept, asked in between, make the kept ones be dropped and found again.
     */
    @RepeatedTest(10)
    void keptSearchesFollowEveryChange(RepetitionInfo repetition) {
        long seed = 15485863L * repetition.getCurrentRepetition() + System.nanoTime();
        Random random = new Random(seed);
        Inventory inventory = new Inventory();
        List<String[]> present = new ArrayList<>();
        mutate(inventory, present, random, 300);
        List<String> asked = new ArrayList<>();
        while (asked.size() < KeptSearches.MAX_SEARCHES / 2) {
            String q = query(random, inventory.all());
            if (q != null) {
                asked.add(q);
            }
        }
        List<String> removedKeys = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            List<InferenceServiceSummary> all = inventory.all();
            for (String q : asked) {
                assertRandomQueryEqualsScan(inventory, all, q, random.nextBoolean(), random, removedKeys,
                        "round " + round + ", seed " + seed);
            }
            inventory.markSynced();
            if (round % 3 == 2) {
                for (int i = 0; i < KeptSearches.MAX_SEARCHES; i++) {
                    inventory.query(new InventoryQuery(null, word(random, 1 + random.nextInt(4)), null, null, null,
                            5, null));
                }
            }
            List<String[]> before = new ArrayList<>(present);
            mutate(inventory, present, random, 10 + random.nextInt(60));
            before.stream().filter(b -> present.stream().noneMatch(p -> p[0].equals(b[0]) && p[1].equals(b[1])))
                    .forEach(b -> removedKeys.add(Inventory.key(b[0], b[1])));
        }
    }

    /**
     * The query planner starts from whichever candidate set is smallest (a namespace's list, another index, or the
     * rarest trigram's list): every combination of text and other filters, continued from any cursor (the key of an
     * InferenceService that is there, of one that was removed, or a key that never existed), answers the scan's items
     * after that cursor and the scan's total of all matches.
     */
    @RepeatedTest(20)
    void combinedFiltersFromAnyCursorEqualABruteForceScan(RepetitionInfo repetition) {
        long seed = 104729L * repetition.getCurrentRepetition() + System.nanoTime();
        Random random = new Random(seed);
        Inventory inventory = new Inventory();
        List<String[]> present = new ArrayList<>();
        List<String> removedKeys = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<String[]> before = new ArrayList<>(present);
            mutate(inventory, present, random, round == 0 ? 400 : 60);
            before.stream().filter(b -> present.stream().noneMatch(p -> p[0].equals(b[0]) && p[1].equals(b[1])))
                    .forEach(b -> removedKeys.add(Inventory.key(b[0], b[1])));
            List<InferenceServiceSummary> all = inventory.all();
            assertThat(nonZero(inventory.counts())).as("counts (seed %d)", seed).isEqualTo(countsByScan(all));
            for (String namespace : NAMESPACES) {
                List<InferenceServiceSummary> in = all.stream().filter(s -> s.namespace().equals(namespace)).toList();
                countsByScan(in).forEach((key, count) -> assertThat(inventory.count(namespace, key))
                        .as("%s in %s (seed %d)", key, namespace, seed).isEqualTo(key.startsWith("ns:") ? 0 : count));
            }
            for (int i = 0; i < 60; i++) {
                String q = random.nextInt(5) == 0 ? null : query(random, all);
                assertRandomQueryEqualsScan(inventory, all, q, random.nextInt(4) != 0, random, removedKeys,
                        "round " + round + ", seed " + seed);
            }
            inventory.markSynced();
        }
    }

    /**
     * Text {@code q} with random other filters (a namespace when {@code inNamespace}) from a random cursor: the
     * pages along the cursor hold the scan's items after it, each page with the scan's total of all matches.
     */
    static void assertRandomQueryEqualsScan(Inventory inventory, List<InferenceServiceSummary> all, String q,
            boolean inNamespace, Random random, List<String> removedKeys, String context) {
        InventoryQuery query = new InventoryQuery(
                inNamespace ? NAMESPACES[random.nextInt(NAMESPACES.length)] : null, q,
                random.nextInt(3) == 0 ? random.nextBoolean() : null,
                WARNING_FILTERS[random.nextInt(WARNING_FILTERS.length)],
                VERDICT_FILTERS[random.nextInt(VERDICT_FILTERS.length)], 1 + random.nextInt(12),
                cursor(random, all, removedKeys));
        List<InferenceServiceSummary> matching = bruteForce(all, query);
        List<InferenceServiceSummary> expected = matching.stream()
                .filter(s -> query.after() == null
                        || Inventory.key(s.namespace(), s.name()).compareTo(query.after()) > 0)
                .toList();
        assertThat(pageThrough(inventory, query, query.after(), matching.size(), context))
                .as("items for %s (%s)", query, context).isEqualTo(expected);
    }

    /** The overview's counts by a scan: all, per namespace, per verdict, OCI, per warning code. */
    static java.util.Map<String, Integer> countsByScan(List<InferenceServiceSummary> all) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (InferenceServiceSummary s : all) {
            counts.merge("all", 1, Integer::sum);
            counts.merge("ns:" + s.namespace(), 1, Integer::sum);
            counts.merge("v:" + s.verdict(), 1, Integer::sum);
            if (s.storage().stream().anyMatch(u -> u.oci() != null)) {
                counts.merge("oci", 1, Integer::sum);
            }
            s.warnings().stream().map(Warning::code).distinct().forEach(c -> counts.merge("w:" + c, 1, Integer::sum));
        }
        return counts;
    }

    static java.util.Map<String, Integer> nonZero(java.util.Map<String, Integer> counts) {
        java.util.Map<String, Integer> kept = new java.util.TreeMap<>(counts);
        kept.values().removeIf(v -> v == 0);
        return kept;
    }

    /** No cursor, a present key, a removed key, or a key between and around the present ones. */
    static String cursor(Random random, List<InferenceServiceSummary> all, List<String> removedKeys) {
        int kind = random.nextInt(4);
        if (kind == 0 || all.isEmpty()) {
            return null;
        }
        if (kind == 1) {
            InferenceServiceSummary s = all.get(random.nextInt(all.size()));
            return Inventory.key(s.namespace(), s.name());
        }
        if (kind == 2 && !removedKeys.isEmpty()) {
            return removedKeys.get(random.nextInt(removedKeys.size()));
        }
        return NAMESPACES[random.nextInt(NAMESPACES.length)] + (random.nextBoolean() ? " m" : "")
                + word(random, random.nextInt(3)).toLowerCase(Locale.ROOT);
    }

    @Test
    void searchMatchesAcrossFieldsCaseInsensitivelyAndFindsChangedTexts() {
        Inventory inventory = new Inventory();
        put(inventory, "team-a", "bert", "oci://Quay.io/Acme/Bert:latest");
        put(inventory, "team-b", "gpt", "s3://bucket/gpt");
        assertThat(names(inventory, "quay.io/acme")).containsExactly("bert");
        assertThat(names(inventory, "QUAY")).containsExactly("bert");
        assertThat(names(inventory, "a\nber")).as("namespace end, newline, name start").containsExactly("bert");
        assertThat(names(inventory, "team-")).containsExactly("bert", "gpt");
        assertThat(names(inventory, "no-oci")).as("the verdict is searched too").containsExactly("gpt");
        put(inventory, "team-a", "bert", "s3://bucket/bert");
        assertThat(names(inventory, "quay")).isEmpty();
        assertThat(names(inventory, "bucket/")).containsExactly("bert", "gpt");
        inventory.removeService("team-b", "gpt");
        assertThat(names(inventory, "bucket/")).containsExactly("bert");
    }

    static List<String> names(Inventory inventory, String q) {
        return inventory.query(new InventoryQuery(null, q, null, null, null, 50, null)).items().stream()
                .map(InferenceServiceSummary::name).toList();
    }

    static void put(Inventory inventory, String ns, String name, String uri) {
        inventory.putService(new IsvcFacts(ns, name, List.of(StorageUris.of("spec.predictor.model.storageUri", uri)),
                true, null, null, List.of(), null));
    }

    /** Adds, changes and removes InferenceServices at random. */
    static void mutate(Inventory inventory, List<String[]> present, Random random, int changes) {
        for (int i = 0; i < changes; i++) {
            int what = random.nextInt(4);
            if (what == 0 && !present.isEmpty()) {
                String[] gone = present.remove(random.nextInt(present.size()));
                inventory.removeService(gone[0], gone[1]);
            } else if (what == 1 && !present.isEmpty()) {
                String[] changed = present.get(random.nextInt(present.size()));
                put(inventory, changed[0], changed[1], uri(random));
            } else {
                String ns = NAMESPACES[random.nextInt(NAMESPACES.length)];
                String name = "m" + word(random, 1 + random.nextInt(6)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]",
                        "-");
                put(inventory, ns, name, uri(random));
                present.removeIf(p -> p[0].equals(ns) && p[1].equals(name));
                present.add(new String[] {ns, name});
            }
        }
    }

    static String uri(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "oci://q.io/" + word(random, 1 + random.nextInt(5)) + ":latest";
            case 1 -> "oci://reg:5000/" + word(random, 1 + random.nextInt(5)).toLowerCase(Locale.ROOT);
            case 2 -> "oci://q.io/m" + word(random, 2).toLowerCase(Locale.ROOT) + ":1." + random.nextInt(3);
            case 3 -> "s3://b/" + word(random, 1 + random.nextInt(6));
            default -> "OCI://" + word(random, 3);
        };
    }

    static String word(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** A substring of some InferenceService's text (sometimes across fields, in another case), or random text. */
    static String query(Random random, List<InferenceServiceSummary> all) {
        if (all.isEmpty() || random.nextInt(4) == 0) {
            return random.nextInt(8) == 0 ? null : word(random, 1 + random.nextInt(5));
        }
        String text = text(all.get(random.nextInt(all.size())));
        int start = random.nextInt(text.length());
        int end = Math.min(text.length(), start + 1 + random.nextInt(8));
        String q = text.substring(start, end);
        return random.nextBoolean() ? q.toUpperCase(Locale.ROOT) : q;
    }

    /** What a scan compares the query with: namespace, name, verdict and every storage URI, one per line. */
    static String text(InferenceServiceSummary s) {
        StringBuilder b = new StringBuilder(s.namespace()).append('\n').append(s.name()).append('\n')
                .append(s.verdict());
        s.storage().forEach(u -> b.append('\n').append(u.uri()));
        return b.toString();
    }

    static List<InferenceServiceSummary> bruteForce(List<InferenceServiceSummary> all, InventoryQuery query) {
        String q = query.q() == null ? null : query.q().toLowerCase(Locale.ROOT);
        return all.stream()
                .filter(s -> query.namespace() == null || query.namespace().equals(s.namespace()))
                .filter(s -> query.verdict() == null || query.verdict().equals(s.verdict()))
                .filter(s -> query.warning() == null || s.warnings().stream()
                        .anyMatch(w -> w.code().equals(query.warning())))
                .filter(s -> query.oci() == null
                        || query.oci() == s.storage().stream().anyMatch(u -> u.oci() != null))
                .filter(s -> q == null || text(s).toLowerCase(Locale.ROOT).contains(q))
                .sorted(Comparator.comparing((InferenceServiceSummary s) -> s.namespace() + " " + s.name()))
                .toList();
    }

    /**
     * Every item of the query from the cursor {@code after} on, page by page as a client follows {@code continue};
     * each page must say the exact {@code total} and hold at most {@code limit} items.
     */
    private static List<InferenceServiceSummary> pageThrough(Inventory inventory, InventoryQuery query, String after,
            int total, Object context) {
        List<InferenceServiceSummary> items = new ArrayList<>();
        String cursor = after;
        int pages = 0;
        do {
            InventoryPage page = inventory.query(new InventoryQuery(query.namespace(), query.q(), query.oci(),
                    query.warning(), query.verdict(), query.limit(), cursor));
            assertThat(page.total()).as("total for %s (%s)", query, context).isEqualTo(total);
            assertThat(page.items().size()).as("page size for %s (%s)", query, context)
                    .isLessThanOrEqualTo(query.limit());
            items.addAll(page.items());
            cursor = page.next();
            assertThat(++pages).as("pages for %s (%s)", query, context).isLessThan(1000);
        } while (cursor != null);
        return items;
    }
}
