package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A trigram index for substring search: every item is indexed under each run of three characters of its text, so
 * the items that may contain a query of three or more characters are those listed under every trigram of the
 * query. Those candidates are a superset of the matches; each is checked against its text, kept here by item number
 * (one array read, not the item's own fields: a search touches the items that match, not every candidate), so the
 * results are exactly a scan's, at the cost of the rarest trigram's list instead of all items.
 *
 * <p>Items are numbered; a trigram lists its items' numbers in a sorted array while few, as a bit set once more than
 * one in 32 items has it. One writer at a time, any number of readers (a read-write lock). Pure Java.
 *
 * @param <E> the indexed item
 */
final class TextIndex<E> {

    /** Queries shorter than this have no trigram: {@link #candidates} answers null and the caller scans. */
    static final int GRAM = 3;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Postings> postings = new HashMap<>();
    private Object[] items = new Object[64];
    /** Each item's text, by item number (the caller's own string: no copy). */
    private String[] texts = new String[64];
    private int[] free = new int[16];
    private int freeCount;
    private int nextId;

    /**
     * Indexes {@code item} under {@code text}, replacing the item numbered {@code previousId} (indexed under
     * {@code previousText}) if that is not -1, in one step that readers see whole.
     *
     * @return the new item's number
     */
    int replace(int previousId, String previousText, String text, E item) {
        lock.writeLock().lock();
        try {
            if (previousId >= 0 && previousText.equals(text)) {
                items[previousId] = item;
                texts[previousId] = text;
                return previousId;
            }
            if (previousId >= 0) {
                removeLocked(previousId, previousText);
            }
            int id = freeCount > 0 ? free[--freeCount] : nextId++;
            if (id >= items.length) {
                items = Arrays.copyOf(items, items.length * 2);
                texts = Arrays.copyOf(texts, items.length);
            }
            items[id] = item;
            texts[id] = text;
            for (long gram : grams(text)) {
                postings.computeIfAbsent(gram, g -> new Postings()).add(id, nextId);
            }
            return id;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets the item numbered {@code id}, indexed under {@code text}. */
    void remove(int id, String text) {
        lock.writeLock().lock();
        try {
            removeLocked(id, text);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(int id, String text) {
        for (long gram : grams(text)) {
            Postings list = postings.get(gram);
            if (list != null) {
                list.remove(id);
                if (list.size() == 0) {
                    postings.remove(gram);
                }
            }
        }
        items[id] = null;
        texts[id] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
    }

    /**
     * How many candidates {@link #matches} would check for this query (the length of its rarest trigram's list),
     * or {@link Integer#MAX_VALUE} for a query too short to use the index.
     */
    int estimate(String query) {
        if (query.length() < GRAM) {
            return Integer.MAX_VALUE;
        }
        lock.readLock().lock();
        try {
            int smallest = Integer.MAX_VALUE;
            for (long gram : grams(query)) {
                Postings list = postings.get(gram);
                smallest = Math.min(smallest, list == null ? 0 : list.size());
            }
            return smallest;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Hands every item whose text contains {@code query} to {@code sink}, in no particular order: the items listed
     * under all trigrams of the query, each checked against its text.
     *
     * @return false when the query is too short for the index (nothing was handed over: scan instead)
     */
    @SuppressWarnings("unchecked")
    boolean matches(String query, Consumer<E> sink) {
        if (query.length() < GRAM) {
            return false;
        }
        lock.readLock().lock();
        try {
            List<Postings> lists = new ArrayList<>();
            for (long gram : grams(query)) {
                Postings list = postings.get(gram);
                if (list == null) {
                    return true;
                }
                lists.add(list);
            }
            lists.sort(Comparator.comparingInt(Postings::size));
            Postings rarest = lists.get(0);
            List<Postings> others = lists.subList(1, lists.size());
            rarest.forEach(id -> {
                for (Postings other : others) {
                    if (!other.contains(id)) {
                        return;
                    }
                }
                if (texts[id].contains(query)) {
                    sink.accept((E) items[id]);
                }
            });
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The distinct trigrams of a text, each as three UTF-16 units packed in a long, in ascending order. */
    static long[] grams(String text) {
        int n = Math.max(0, text.length() - GRAM + 1);
        long[] grams = new long[n];
        for (int i = 0; i < n; i++) {
            grams[i] = ((long) text.charAt(i) << 32) | ((long) text.charAt(i + 1) << 16) | text.charAt(i + 2);
        }
        Arrays.sort(grams);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || grams[i] != grams[i - 1]) {
                grams[distinct++] = grams[i];
            }
        }
        return distinct == n ? grams : Arrays.copyOf(grams, distinct);
    }

    /** The items under one trigram: a sorted array while sparse, a bit set once dense. */
    private static final class Postings {
        private int[] ids = new int[2];
        private long[] bits;
        private int size;

        int size() {
            return size;
        }

        void add(int id, int universe) {
            if (bits != null) {
                int word = id >>> 6;
                if (word >= bits.length) {
                    bits = Arrays.copyOf(bits, Math.max(word + 1, bits.length * 2));
                }
                if ((bits[word] & (1L << id)) == 0) {
                    bits[word] |= 1L << id;
                    size++;
                }
                return;
            }
            int at = Arrays.binarySearch(ids, 0, size, id);
            if (at >= 0) {
                return;
            }
            at = -at - 1;
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            System.arraycopy(ids, at, ids, at + 1, size - at);
            ids[at] = id;
            size++;
            // a bit per item is cheaper than an int per listed item once more than 1 in 32 items is listed
            if (size > 64 && (long) size * 32 > universe) {
                bits = new long[(universe >>> 6) + 1];
                for (int i = 0; i < size; i++) {
                    bits[ids[i] >>> 6] |= 1L << ids[i];
                }
                ids = null;
            }
        }

        void remove(int id) {
            if (bits != null) {
                int word = id >>> 6;
                if (word < bits.length && (bits[word] & (1L << id)) != 0) {
                    bits[word] &= ~(1L << id);
                    size--;
                }
                return;
            }
            int at = Arrays.binarySearch(ids, 0, size, id);
            if (at >= 0) {
                System.arraycopy(ids, at + 1, ids, at, size - at - 1);
                size--;
            }
        }

        boolean contains(int id) {
            if (bits != null) {
                int word = id >>> 6;
                return word < bits.length && (bits[word] & (1L << id)) != 0;
            }
            return Arrays.binarySearch(ids, 0, size, id) >= 0;
        }

        void forEach(java.util.function.IntConsumer action) {
            if (bits != null) {
                for (int word = 0; word < bits.length; word++) {
                    long w = bits[word];
                    while (w != 0) {
                        action.accept((word << 6) + Long.numberOfTrailingZeros(w));
                        w &= w - 1;
                    }
                }
                return;
            }
            for (int i = 0; i < size; i++) {
                action.accept(ids[i]);
            }
        }
    }
}
