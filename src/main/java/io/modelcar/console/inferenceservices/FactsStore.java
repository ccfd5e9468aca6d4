package io.modelcar.console.inferenceservices;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer's item store that keeps, per object, only its resourceVersion and the facts the inventory derives
 * from it, never the object itself: the informer hands each object to {@link #put} and forgets it, so a Pod or an
 * InferenceService of several kilobytes costs the inventory only its compact facts record. The same facts record is
 * passed on to the inventory (no second copy).
 *
 * <p>What the informer reads back from the store ({@link #get}, {@link #values}: to tell updates from unchanged
 * re-lists by resourceVersion, and to announce deletions on a re-list) is a skeleton holding namespace, name and
 * resourceVersion. {@link #isFullState()} is false, so the informer passes every added or updated object to its
 * event handlers as received rather than from the store.
 *
 * <p>The informer calls {@link #put} and {@link #remove} on the HTTP client's I/O thread (for a list, once per item
 * of each page of 500). Only the bookkeeping the informer reads back (key, namespace, name, resourceVersion) is done
 * there; deriving the facts and telling the listener (the inventory's summaries and indexes) runs on
 * {@code applier}, which must run tasks one at a time in submission order: every object is applied in the order the
 * informer stored it, and a removal after the put of the same key. Until its task has run, an object is held only by
 * that task (the very object received, no copy). {@link #drained} tells when everything stored so far is applied. If
 * more than {@value #MAX_PENDING} objects wait, {@link #put} waits for the applier to catch up (bounded memory, at the
 * cost of the I/O thread, as before this store had an applier).
 *
 * @param <T> the Kubernetes type the informer lists and watches
 * @param <F> the facts kept per object (may be null for an object the inventory ignores)
 */
final class FactsStore<T extends HasMetadata, F> implements ItemStore<T> {

    /** Objects waiting for the applier before {@link #put} waits: twenty list pages of 500 (waiting blocks the I/O thread, and with it the Lease renewals and the cluster probe, so only far behind). */
    static final int MAX_PENDING = 10_000;
    private static final Logger log = LoggerFactory.getLogger(FactsStore.class);

    private final Map<String, Held<F>> items = new ConcurrentHashMap<>();
    private final Function<T, F> facts;
    private final Supplier<T> skeleton;
    private final Listener<F> listener;
    private final Executor applier;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final Object progress = new Object();

    /** What is kept of one object; its facts are set by the applier (null until then, or for an ignored object). */
    private static final class Held<F> {
        final String namespace;
        final String name;
        final String resourceVersion;
        volatile F facts;

        Held(String namespace, String name, String resourceVersion) {
            this.namespace = namespace;
            this.name = name;
            this.resourceVersion = resourceVersion;
        }
    }

    /** Told of every stored version and every removal, in the informer's order (on the applier). */
    interface Listener<F> {
        void stored(String namespace, String name, F facts);

        void removed(String namespace, String name, F facts);
    }

    /** Facts derived and the listener told on the caller's thread (tests, the memory benchmark). */
    FactsStore(Function<T, F> facts, Supplier<T> skeleton, Listener<F> listener) {
        this(facts, skeleton, listener, Runnable::run);
    }

    /**
     * @param facts    the facts of an object as received (called once per received version, on the applier)
     * @param skeleton a new empty object of the type, filled with namespace, name and resourceVersion on read
     * @param listener told of every stored version (after it is stored) and every removal
     * @param applier  runs one task at a time, in submission order (a single-threaded executor)
     */
    FactsStore(Function<T, F> facts, Supplier<T> skeleton, Listener<F> listener, Executor applier) {
        this.facts = facts;
        this.skeleton = skeleton;
        this.listener = listener;
        this.applier = applier;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        ObjectMeta meta = obj.getMetadata();
        Held<F> held = new Held<>(SharedStrings.share(meta.getNamespace()), meta.getName(),
                meta.getResourceVersion());
        Held<F> previous = items.put(key, held);
        submit(() -> apply(obj, held, previous));
        return skeleton(previous);
    }

    private void apply(T obj, Held<F> held, Held<F> before) {
        F derived;
        try {
            derived = facts.apply(obj);
        } catch (RuntimeException e) {
            // keep what was known: one odd object must not break the informer nor empty the inventory
            log.warn("Could not take {} {}/{} into the inventory: {}", obj.getKind(), held.namespace, held.name,
                    e.toString());
            derived = before == null ? null : before.facts;
        }
        held.facts = derived;
        try {
            listener.stored(held.namespace, held.name, derived);
        } catch (RuntimeException e) {
            log.warn("Could not take {} {}/{} into the inventory: {}", obj.getKind(), held.namespace, held.name,
                    e.toString());
        }
    }

    @Override
    public T remove(String key) {
        Held<F> previous = items.remove(key);
        if (previous != null) {
            submit(() -> {
                try {
                    listener.removed(previous.namespace, previous.name, previous.facts);
                } catch (RuntimeException e) {
                    log.warn("Could not remove {}/{} from the inventory: {}", previous.namespace, previous.name,
                            e.toString());
                }
            });
        }
        return skeleton(previous);
    }

    private void submit(Runnable task) {
        long pending = submitted.incrementAndGet() - applied.get();
        if (pending > MAX_PENDING) {
            awaitBelow(MAX_PENDING / 2);
        }
        try {
            applier.execute(() -> {
                try {
                    task.run();
                } finally {
                    if (submitted.get() - applied.incrementAndGet() <= MAX_PENDING / 2) {
                        synchronized (progress) {
                            progress.notifyAll();
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            applied.incrementAndGet(); // stopped: nothing will apply it
            log.debug("Inventory applier stopped; not applied: {}", e.toString());
        }
    }

    private void awaitBelow(long pending) {
        synchronized (progress) {
            try {
                // bounded: an applier that stopped must not hang the informer
                for (int i = 0; i < 600 && submitted.get() - applied.get() > pending; i++) {
                    progress.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True when every object stored or removed so far has been applied (its facts derived, the listener told). */
    boolean drained() {
        return applied.get() >= submitted.get();
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream().map(this::skeleton);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return skeleton(items.get(key));
    }

    /** The facts kept for this key (once applied), or null. */
    F facts(String key) {
        Held<F> held = items.get(key);
        return held == null ? null : held.facts;
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    private T skeleton(Held<F> held) {
        if (held == null) {
            return null;
        }
        T obj = skeleton.get();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(held.namespace);
        meta.setName(held.name);
        meta.setResourceVersion(held.resourceVersion);
        obj.setMetadata(meta);
        return obj;
    }
}
