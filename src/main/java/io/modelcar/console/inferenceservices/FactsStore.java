package io.modelcar.console.inferenceservices;

import java.util.Map;
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
 * @param <T> the Kubernetes type the informer lists and watches
 * @param <F> the facts kept per object (may be null for an object the inventory ignores)
 */
final class FactsStore<T extends HasMetadata, F> implements ItemStore<T> {

    private static final Logger log = LoggerFactory.getLogger(FactsStore.class);

    private final Map<String, Held<F>> items = new ConcurrentHashMap<>();
    private final Function<T, F> facts;
    private final Supplier<T> skeleton;
    private final Listener<F> listener;

    /** What is kept of one object. */
    private record Held<F>(String namespace, String name, String resourceVersion, F facts) {
    }

    /** Told of every stored version and every removal, in the informer's order. */
    interface Listener<F> {
        void stored(String namespace, String name, F facts);

        void removed(String namespace, String name, F facts);
    }

    /**
     * @param facts    the facts of an object as received (called once per received version)
     * @param skeleton a new empty object of the type, filled with namespace, name and resourceVersion on read
     * @param listener told of every stored version (after it is stored) and every removal
     */
    FactsStore(Function<T, F> facts, Supplier<T> skeleton, Listener<F> listener) {
        this.facts = facts;
        this.skeleton = skeleton;
        this.listener = listener;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        ObjectMeta meta = obj.getMetadata();
        Held<F> before = items.get(key);
        F derived;
        try {
            derived = facts.apply(obj);
        } catch (RuntimeException e) {
            // keep what was known: one odd object must not break the informer nor empty the inventory
            log.warn("Could not take {} {}/{} into the inventory: {}", obj.getKind(), meta.getNamespace(),
                    meta.getName(), e.toString());
            derived = before == null ? null : before.facts();
        }
        Held<F> held = new Held<>(SharedStrings.share(meta.getNamespace()), meta.getName(),
                meta.getResourceVersion(), derived);
        Held<F> previous = items.put(key, held);
        try {
            listener.stored(held.namespace(), held.name(), derived);
        } catch (RuntimeException e) {
            log.warn("Could not take {} {}/{} into the inventory: {}", obj.getKind(), meta.getNamespace(),
                    meta.getName(), e.toString());
        }
        return skeleton(previous);
    }

    @Override
    public T remove(String key) {
        Held<F> previous = items.remove(key);
        if (previous != null) {
            try {
                listener.removed(previous.namespace(), previous.name(), previous.facts());
            } catch (RuntimeException e) {
                log.warn("Could not remove {}/{} from the inventory: {}", previous.namespace(), previous.name(),
                        e.toString());
            }
        }
        return skeleton(previous);
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

    /** The facts kept for this key, or null. */
    F facts(String key) {
        Held<F> held = items.get(key);
        return held == null ? null : held.facts();
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
        meta.setNamespace(held.namespace());
        meta.setName(held.name());
        meta.setResourceVersion(held.resourceVersion());
        obj.setMetadata(meta);
        return obj;
    }
}
