package io.modelcar.console.inferenceservices;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The text searches asked for lately, each kept as an index of its own: the items whose text contains the query, by
 * key, with their count. A search is found once (the text index's candidates, each checked), then kept up to date
 * by every change of an item ({@link #changed}), as the inventory's other indexes are; a page of a kept search, with
 * its exact total, costs what a page of a filter costs. A new query text costs its search once.
 *
 * <p>Bounded: at most {@value #MAX_SEARCHES} searches and at most {@code budget} kept items in all (the inventory
 * gives its size: the memory of one more index at most); the search used longest ago goes first. Writes
 * ({@link #keep}, {@link #changed}) come from the inventory's one writer at a time; {@link #get} from any reader.
 *
 * @param <E> the indexed item
 */
final class KeptSearches<E> {

    /** The searches kept at most; each costs its upkeep on every change of an item. */
    static final int MAX_SEARCHES = 16;

    private final Map<String, Search<E>> searches = new ConcurrentHashMap<>();
    private final Function<E, String> key;
    private final Function<E, String> group;
    private final Function<E, String> text;

    /** One kept search: its matches by key and their count, in all and per group, exact as of the last change. */
    static final class Search<E> {
        private final String query;
        private final ConcurrentSkipListMap<String, E> matches = new ConcurrentSkipListMap<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private volatile int count;
        private volatile long used = System.nanoTime();

        private Search(String query) {
            this.query = query;
        }

        NavigableMap<String, E> matches() {
            return matches;
        }

        int count() {
            return count;
        }

        /** The matches in one group. */
        int count(String group) {
            return counts.getOrDefault(group, 0);
        }

        /** How many groups have a match (for tests). */
        int groups() {
            return counts.size();
        }

        private void add(String group, int delta) {
            count += delta;
            // a group with no match left goes: groups (namespaces) come and go while a search is kept
            counts.merge(group, delta, (was, d) -> was + d == 0 ? null : was + d);
        }
    }

    /**
     * @param key   an item's sort key
     * @param group the group an item is counted in (its namespace)
     * @param text  an item's text, lower case (what a query is looked for in)
     */
    KeptSearches(Function<E, String> key, Function<E, String> group, Function<E, String> text) {
        this.key = key;
        this.group = group;
        this.text = text;
    }

    /** The kept search for this (lower-case) query, or null; marks it used. */
    Search<E> get(String query) {
        Search<E> search = searches.get(query);
        if (search != null) {
            search.used = System.nanoTime();
        }
        return search;
    }

    /**
     * Keeps a search found by the caller (the writer: no change may come between finding and keeping), making room
     * by dropping the searches used longest ago.
     *
     * @param matches every item whose text contains the query, in any order
     * @param budget  the kept items allowed in all searches together
     */
    Search<E> keep(String query, List<E> matches, int budget) {
        matches.sort(Comparator.comparing(key));
        Search<E> search = new Search<>(query);
        for (E match : matches) {
            search.matches.put(key.apply(match), match);
            search.add(group.apply(match), 1);
        }
        long kept = searches.values().stream().mapToLong(Search::count).sum();
        while (!searches.isEmpty() && (searches.size() >= MAX_SEARCHES || kept + search.count > budget)) {
            Search<E> oldest = searches.values().stream().min(Comparator.comparingLong(s -> s.used)).orElseThrow();
            searches.remove(oldest.query);
            kept -= oldest.count;
        }
        searches.put(query, search);
        return search;
    }

    /** The item under {@code itemKey} changed from {@code before} (null: new) to {@code after} (null: removed). */
    void changed(String itemKey, E before, E after) {
        for (Search<E> search : searches.values()) {
            boolean was = before != null && text.apply(before).contains(search.query);
            boolean is = after != null && text.apply(after).contains(search.query);
            if (is) {
                // replaced in place: a reader walking the search meets the old item or the new one, never neither
                search.matches.put(itemKey, after);
                if (!was) {
                    search.add(group.apply(after), 1);
                }
            } else if (was) {
                search.matches.remove(itemKey);
                search.add(group.apply(before), -1);
            }
        }
    }

    /** How many searches are kept (for tests). */
    int size() {
        return searches.size();
    }

    /** How many items all kept searches hold together (for tests). */
    long keptItems() {
        return searches.values().stream().mapToLong(Search::count).sum();
    }
}
