package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-memory inventory: InferenceServices with their pods, summarised once per change and indexed so that a
 * page of a filtered list costs the page, not a scan of everything. Fed by the informers (one writer at a time);
 * read concurrently by any number of requests. Pure Java: no Spring, no fabric8.
 */
final class Inventory {

    private static final String ALL = "all";
    private static final String OCI = "oci";
    private static final String NS = "ns:";
    /** The kept searches may hold this many items together, or as many as the inventory has if that is more. */
    private static final int MIN_SEARCH_BUDGET = 10_000;

    private final Map<String, IsvcFacts> services = new HashMap<>();
    private final Map<String, Map<String, PodFacts>> podsByService = new HashMap<>();
    private final Map<String, String> podOwner = new HashMap<>();
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    /**
     * Per index key ({@code v:<verdict>}, {@code w:<code>}, {@code oci}) its entries by sort key: a walk of an
     * index reads the entries themselves (no lookup per key in {@link #entries}). A skip-list set is a skip-list map
     * underneath, so holding the entry as the value costs no more than the set did. A namespace ({@code ns:}) is
     * counted but needs no index: it is a range of keys in {@link #entries} and in every index.
     */
    private final Map<String, ConcurrentSkipListMap<String, Entry>> indexes = new ConcurrentHashMap<>();
    /** Per index key its entries; a count that reaches 0 goes (namespaces come and go: none is kept for ever). */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /**
     * Per namespace, its entries per index key other than {@code ns:} ({@code all}: the namespace's size), kept by
     * {@link #reindex} as {@link #counts} are: the metrics' gauges and a namespace's filtered pages read them in O(1).
     * A count that reaches 0 goes, and a namespace with no entry left goes with it.
     */
    private final Map<String, Map<String, Integer>> namespaceCounts = new ConcurrentHashMap<>();
    private final TextIndex<Entry> text = new TextIndex<>();
    private final KeptSearches<Entry> searches = new KeptSearches<>(entry -> entry.key,
            entry -> entry.summary().namespace(), Entry::search);
    private final StartupStatistics startups = new StartupStatistics();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile OciConfig config = OciConfig.UNKNOWN;
    private final Function<InferenceServiceSummary, byte[]> encoder;
    private volatile long revision;
    /**
     * Items visited by {@link #all()} and {@link #withOciStorage()}: the tests prove with it that a path does not
     * scan the inventory.
     */
    private final LongAdder listed = new LongAdder();
    /** Entries walked by {@link #query}: the tests prove with it what a page costs. */
    private final LongAdder walked = new LongAdder();
    /** The first full lists have been applied (see {@link #markSynced()}). */
    private volatile boolean synced;
    /**
     * The indexes and the text index are complete. Not while the first full lists arrive: then each item would be
     * inserted into its indexes once when its InferenceService arrives and moved again when its pod does, in skip
     * lists of tens of thousands scattered through the heap (most of the sync's own cost); they are built once, in
     * key order, when those lists are in ({@link #markSynced()}). Until then a query walks {@link #entries}, which
     * fill in as the lists arrive, checking every filter on each item.
     */
    private volatile boolean indexed;

    /**
     * A change of one InferenceService as the API shows it; or, once, {@link #SYNCED} (namespace and name null):
     * the first full lists have been applied, the inventory as of {@code revision} is complete.
     */
    record Change(String type, String namespace, String name, long revision) {
    }

    /** The type of the one change that tells the first full lists have been applied. */
    static final String SYNCED = "SYNCED";

    /** One indexed InferenceService; its JSON is encoded once, on first read, and reused by every page. */
    private static final class Entry {
        final String key;
        final InferenceServiceSummary summary;
        final String search;
        final List<String> indexKeys;
        /** Its number in the text index. */
        int textId = -1;
        private volatile byte[] json;

        Entry(String key, InferenceServiceSummary summary, String search, List<String> indexKeys) {
            this.key = key;
            this.summary = summary;
            this.search = search;
            this.indexKeys = indexKeys;
        }

        InferenceServiceSummary summary() {
            return summary;
        }

        String search() {
            return search;
        }

        List<String> indexKeys() {
            return indexKeys;
        }

        byte[] json(Function<InferenceServiceSummary, byte[]> encoder) {
            byte[] encoded = json;
            if (encoded == null) {
                encoded = encoder.apply(summary);
                json = encoded;
            }
            return encoded;
        }
    }

    Inventory() {
        this(summary -> new byte[0]);
    }

    /** @param encoder turns a summary into its JSON (pages are assembled from these, encoded once per change) */
    Inventory(Function<InferenceServiceSummary, byte[]> encoder) {
        this.encoder = encoder;
    }

    static String key(String namespace, String name) {
        // a space sorts before every character a Kubernetes name may contain: namespace order, then name order
        return namespace + " " + name;
    }

    void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    long revision() {
        return revision;
    }

    /** True once the first full lists have been applied ({@link #markSynced()}). */
    boolean synced() {
        return synced;
    }

    /**
     * The first full lists from the API server have all been applied: listeners get one {@link #SYNCED} change.
     * Listeners may ignore the changes before it (an announcement per InferenceService of the initial sync is
     * worth nothing to a client that has to read the complete list anyway).
     */
    synchronized void markSynced() {
        if (synced) {
            return;
        }
        buildIndexes();
        synced = true;
        Change change = new Change(SYNCED, null, null, revision);
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
    }

    OciConfig config() {
        return config;
    }

    /**
     * Builds the indexes and the text index from {@link #entries} in one walk in key order: each skip list grows at
     * its end, along nodes just inserted, instead of being searched from the top through nodes not touched lately.
     */
    private void buildIndexes() {
        if (indexed) {
            return;
        }
        for (Entry entry : entries.values()) {
            for (String index : entry.indexKeys()) {
                if (walked(index)) {
                    indexes.computeIfAbsent(index, k -> new ConcurrentSkipListMap<>()).put(entry.key, entry);
                }
            }
            entry.textId = text.replace(-1, null, entry.search(), entry);
        }
        indexed = true;
    }

    synchronized void putService(IsvcFacts isvc) {
        String key = key(isvc.namespace(), isvc.name());
        services.put(key, isvc);
        refresh(key);
    }

    synchronized void removeService(String namespace, String name) {
        String key = key(namespace, name);
        services.remove(key);
        refresh(key);
    }

    synchronized void putPod(PodFacts pod) {
        String podKey = key(pod.namespace(), pod.name());
        String owner = key(pod.namespace(), pod.inferenceService());
        String previous = podOwner.put(podKey, owner);
        if (previous != null && !previous.equals(owner)) {
            detach(previous, pod.name());
        }
        podsByService.computeIfAbsent(owner, k -> new HashMap<>()).put(pod.name(), pod);
        refresh(owner);
    }

    synchronized void removePod(String namespace, String name) {
        String owner = podOwner.remove(key(namespace, name));
        if (owner != null) {
            detach(owner, name);
        }
    }

    private void detach(String owner, String podName) {
        Map<String, PodFacts> pods = podsByService.get(owner);
        if (pods != null) {
            pods.remove(podName);
            if (pods.isEmpty()) {
                podsByService.remove(owner);
            }
        }
        refresh(owner);
    }

    /** A new storageInitializer configuration: every summary is recomputed (rare: the ConfigMap changes seldom). */
    synchronized void config(OciConfig newConfig) {
        if (Objects.equals(config, newConfig)) {
            return;
        }
        config = newConfig;
        for (String key : new ArrayList<>(services.keySet())) {
            refresh(key);
        }
        revision++;
    }

    private void refresh(String key) {
        IsvcFacts isvc = services.get(key);
        Entry old = entries.get(key);
        if (isvc == null) {
            if (old != null) {
                if (indexed) {
                    text.remove(old.textId, old.search());
                }
                entries.remove(key);
                reindex(key, old, null);
                searches.changed(key, old, null);
                startups.changed(old.summary(), null);
                publish("DELETED", old.summary());
            }
            return;
        }
        Collection<PodFacts> pods = podsByService.getOrDefault(key, Map.of()).values();
        InferenceServiceSummary summary = Verdicts.summarize(isvc, pods, config);
        if (old != null && old.summary().equals(summary)) {
            return;
        }
        Entry entry = entry(key, summary);
        if (indexed) {
            entry.textId = text.replace(old == null ? -1 : old.textId, old == null ? null : old.search(),
                    entry.search(), entry);
        }
        entries.put(key, entry);
        reindex(key, old, entry);
        searches.changed(key, old, entry);
        startups.changed(old == null ? null : old.summary(), summary);
        publish(old == null ? "ADDED" : "MODIFIED", summary);
    }

    private void publish(String type, InferenceServiceSummary summary) {
        long current = ++revision;
        Change change = new Change(type, summary.namespace(), summary.name(), current);
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
    }

    private static Entry entry(String key, InferenceServiceSummary s) {
        StringBuilder search = new StringBuilder(s.namespace()).append('\n').append(s.name()).append('\n')
                .append(s.verdict());
        List<String> keys = new ArrayList<>();
        keys.add(ALL);
        // the same few dozen keys on every entry: one instance each (the string table), not five new strings per item
        keys.add(SharedStrings.share(NS + s.namespace()));
        keys.add(SharedStrings.share("v:" + s.verdict()));
        boolean oci = false;
        for (StorageUri uri : s.storage()) {
            search.append('\n').append(uri.uri());
            oci |= uri.oci() != null;
        }
        if (oci) {
            keys.add(OCI);
        }
        s.warnings().stream().map(Warning::code).distinct()
                .forEach(code -> keys.add(SharedStrings.share("w:" + code)));
        return new Entry(key, s, search.toString().toLowerCase(Locale.ROOT), List.copyOf(keys));
    }

    /**
     * Moves {@code key} from the index keys of {@code old} (null: a new item) to those of {@code entry} (null: a
     * removed one): replaced in place under a key both have (a reader walking that index meets the old entry or the
     * new one, never neither, and the skip list is searched once instead of twice), added under a key only the new
     * one has, removed under a key only the old one had. {@code all} and each {@code ns:} are counted but have no
     * index of their own: {@link #entries} is that index, and a namespace is a range of keys in it.
     */
    private void reindex(String key, Entry old, Entry entry) {
        List<String> before = old == null ? List.of() : old.indexKeys();
        List<String> after = entry == null ? List.of() : entry.indexKeys();
        String namespace = (entry == null ? old : entry).summary().namespace();
        Map<String, Integer> inNamespace = namespaceCounts.computeIfAbsent(namespace,
                k -> new ConcurrentHashMap<>());
        for (String index : after) {
            if (indexed && walked(index)) {
                indexes.computeIfAbsent(index, k -> new ConcurrentSkipListMap<>()).put(key, entry);
            }
            if (!before.contains(index)) {
                counts.merge(index, 1, Integer::sum);
                if (!index.startsWith(NS)) {
                    inNamespace.merge(index, 1, Integer::sum);
                }
            }
        }
        for (String index : before) {
            if (after.contains(index)) {
                continue;
            }
            ConcurrentSkipListMap<String, Entry> list = indexed && walked(index) ? indexes.get(index) : null;
            if (list != null) {
                list.remove(key, old);
            }
            counts.merge(index, -1, Inventory::sumOrNone);
            if (!index.startsWith(NS)) {
                inNamespace.merge(index, -1, Inventory::sumOrNone);
            }
        }
        if (inNamespace.isEmpty()) {
            namespaceCounts.remove(namespace, inNamespace);
        }
    }

    /** The sum of two counts, or null (the key goes) at 0: no count of something that no longer exists is kept. */
    private static Integer sumOrNone(Integer count, Integer delta) {
        int sum = count + delta;
        return sum == 0 ? null : sum;
    }

    /** Whether an index key has a list of its own (see {@link #indexes}). */
    private static boolean walked(String indexKey) {
        return !ALL.equals(indexKey) && !indexKey.startsWith(NS);
    }

    InferenceServiceSummary get(String namespace, String name) {
        Entry entry = entries.get(key(namespace, name));
        return entry == null ? null : entry.summary();
    }

    int size() {
        return counts.getOrDefault(ALL, 0);
    }

    /**
     * Counts per index key: {@code v:<verdict>}, {@code w:<warning code>}, {@code ns:<namespace>}, {@code oci}; only
     * those above 0 (a namespace whose last InferenceService went is not listed).
     */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** The pods' start-up statistics of the whole inventory, kept as it changes. */
    List<InventoryOverview.StartupStats> startupStats() {
        return startups.stats();
    }

    /**
     * How many InferenceServices of {@code namespace} have the index key {@code indexKey} ({@code v:<verdict>},
     * {@code w:<code>}, {@code oci}; {@code all}: all of the namespace), kept by every change: O(1), no scan.
     */
    int count(String namespace, String indexKey) {
        Map<String, Integer> inNamespace = namespaceCounts.get(namespace);
        return inNamespace == null ? 0 : inNamespace.getOrDefault(indexKey, 0);
    }

    /** How many InferenceServices {@code namespace} has: 0 once its last one is deleted. O(1). */
    int size(String namespace) {
        return count(namespace, ALL);
    }

    List<InferenceServiceSummary> all() {
        List<InferenceServiceSummary> all = entries.values().stream().map(Entry::summary).toList();
        listed.add(all.size());
        return all;
    }

    /** How many entries {@link #query} has walked in all (for tests: what a page costs shows here). */
    long walked() {
        return walked.sum();
    }

    /** How many items {@link #all()} and {@link #withOciStorage()} have visited (for tests: a scan shows here). */
    long listed() {
        return listed.sum();
    }

    /**
     * Every InferenceService with an OCI storage URI, in key order: once the indexes are built, a walk of the
     * {@code oci} index alone (not a copy of everything, filtered); before, a scan of everything.
     */
    List<InferenceServiceSummary> withOciStorage() {
        Collection<Entry> source = entries.values();
        if (indexed) {
            ConcurrentSkipListMap<String, Entry> index = indexes.get(OCI);
            source = index == null ? List.of() : index.values();
        }
        List<InferenceServiceSummary> found = new ArrayList<>();
        int visited = 0;
        for (Entry entry : source) {
            visited++;
            if (entry.indexKeys().contains(OCI)) {
                found.add(entry.summary());
            }
        }
        listed.add(visited);
        return Collections.unmodifiableList(found);
    }

    InventoryPage query(InventoryQuery query) {
        long atRevision = revision;
        String namespace = query.namespace();
        List<String> filters = new ArrayList<>();
        if (query.warning() != null) {
            filters.add("w:" + query.warning());
        }
        if (query.verdict() != null) {
            filters.add("v:" + query.verdict());
        }
        if (Boolean.TRUE.equals(query.oci())) {
            filters.add(OCI);
        }
        String q = query.q() == null ? null : query.q().toLowerCase(Locale.ROOT);
        // walk the smallest list that implies one predicate: the kept text search, an index, or everything; every
        // other predicate is checked on each item of it
        NavigableMap<String, Entry> source = entries;
        int count = size();
        String implied = null;
        KeptSearches.Search<Entry> search = null;
        boolean searched = false;
        if (q != null) {
            search = search(q);
            source = search.matches();
            count = search.count();
            searched = true;
        }
        for (String filter : indexed ? filters : List.<String>of()) {
            int filtered = counts.getOrDefault(filter, 0);
            if (filtered < count) {
                NavigableMap<String, Entry> index = indexes.get(filter);
                source = index == null ? Collections.emptyNavigableMap() : index;
                count = filtered;
                implied = filter;
                searched = false;
            }
        }
        if (namespace != null) {
            // a namespace is a range of keys in each of them (below); its count is kept for everything, for each
            // index and for the kept text searches
            count = source == entries ? count(namespace, ALL)
                    : searched ? search.count(namespace) : count(namespace, implied);
        }
        List<String> checked = new ArrayList<>(filters);
        checked.remove(implied);
        String text = searched ? null : q;
        boolean notOci = Boolean.FALSE.equals(query.oci());
        // nothing left to check, and the count known: walk only from the cursor, and stop after the page
        boolean onlyIndex = checked.isEmpty() && text == null && !notOci && count >= 0;
        List<InferenceServiceSummary> items = new ArrayList<>(Math.min(query.limit(), 1000));
        List<byte[]> json = new ArrayList<>(Math.min(query.limit(), 1000));
        String last = null;
        boolean more = false;
        int total = 0;
        int visited = 0;
        for (Entry entry : range(source, namespace, onlyIndex ? query.after() : null).values()) {
            visited++;
            String key = entry.key;
            if (!matches(entry, checked, text, notOci)) {
                continue;
            }
            total++;
            if (query.after() != null && key.compareTo(query.after()) <= 0) {
                continue;
            }
            if (items.size() < query.limit()) {
                items.add(entry.summary());
                json.add(entry.json(encoder));
                last = key;
            } else {
                more = true;
                if (onlyIndex) {
                    break;
                }
            }
        }
        walked.add(visited);
        if (onlyIndex) {
            total = count;
        }
        return new InventoryPage(List.copyOf(items), json, more ? last : null, total, atRevision);
    }

    /**
     * The part of {@code source} in {@code namespace} (null: all; a namespace is a range of keys: the namespace, a
     * space, then the name) after the key {@code after} (null: from the start).
     */
    private static NavigableMap<String, Entry> range(NavigableMap<String, Entry> source, String namespace,
            String after) {
        String from = namespace == null ? null : namespace + " ";
        String to = namespace == null ? null : namespace + "!";
        boolean inclusive = true;
        if (after != null && (from == null || after.compareTo(from) >= 0)) {
            from = after;
            inclusive = false;
        }
        if (to != null && from.compareTo(to) >= 0) {
            return Collections.emptyNavigableMap();
        }
        return from == null ? source
                : to == null ? source.tailMap(from, inclusive) : source.subMap(from, inclusive, to, false);
    }

    /**
     * The kept search for {@code q}; if no recent query asked for it, found now (the text index's candidates, each
     * checked; a scan for a query too short for trigrams or before the text index is built), under the writers'
     * lock so that no change comes between finding and keeping it.
     */
    private KeptSearches.Search<Entry> search(String q) {
        KeptSearches.Search<Entry> search = searches.get(q);
        if (search != null) {
            return search;
        }
        synchronized (this) {
            search = searches.get(q);
            if (search != null) {
                return search;
            }
            List<Entry> found = new ArrayList<>();
            if (!indexed || !text.matches(q, found::add)) {
                for (Entry entry : entries.values()) {
                    if (entry.search().contains(q)) {
                        found.add(entry);
                    }
                }
            }
            return searches.keep(q, found, Math.max(size(), MIN_SEARCH_BUDGET));
        }
    }

    /** Whether {@code entry} has each index key of {@code filters}, contains {@code q} (null: any), and is OCI. */
    private static boolean matches(Entry entry, List<String> filters, String q, boolean notOci) {
        for (String filter : filters) {
            if (!entry.indexKeys().contains(filter)) {
                return false;
            }
        }
        if (notOci && entry.indexKeys().contains(OCI)) {
            return false;
        }
        return q == null || entry.search().contains(q);
    }
}
