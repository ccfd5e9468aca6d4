package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The item store the informers use hands its heavy work (deriving facts, telling the inventory) to an applier
 * thread: what the informer reads back is there at once, and the inventory sees every stored version and every
 * removal in the order the informer made them, each version's own facts, nothing lost.
 */
class FactsStoreTest {

    final ExecutorService applier = Executors.newSingleThreadExecutor();
    final List<String> told = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    FactsStore<Pod, String> store = new FactsStore<>(FactsStoreTest::version, Pod::new,
            new FactsStore.Listener<>() {
                @Override
                public void stored(String namespace, String name, String facts) {
                    threads.add(Thread.currentThread());
                    told.add("stored " + namespace + "/" + name + " " + facts);
                }

                @Override
                public void removed(String namespace, String name, String facts) {
                    threads.add(Thread.currentThread());
                    told.add("removed " + namespace + "/" + name + " " + facts);
                }
            }, applier);

    @AfterEach
    void stop() {
        applier.shutdownNow();
    }

    /** The facts of a test pod: the value of its label {@code v}; a pod labelled {@code v=boom} cannot be mapped. */
    static String version(Pod pod) {
        String v = pod.getMetadata().getLabels().get("v");
        if ("boom".equals(v)) {
            throw new IllegalArgumentException("cannot map");
        }
        return v;
    }

    static Pod pod(String name, String resourceVersion, String v) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withResourceVersion(resourceVersion).addToLabels("v", v).endMetadata().build();
    }

    @Test
    void everyVersionAndRemovalReachesTheListenerInTheInformersOrderOffTheCallersThread() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        applier.execute(() -> await(hold)); // the applier is busy: the informer must not wait for it

        assertThat(store.put("ns/a", pod("a", "1", "a1"))).isNull();
        assertThat(store.put("ns/a", pod("a", "2", "a2")).getMetadata().getResourceVersion())
                .as("the previous version, read back at once").isEqualTo("1");
        store.put("ns/b", pod("b", "3", "b1"));
        assertThat(store.remove("ns/a").getMetadata().getResourceVersion()).isEqualTo("2");
        store.put("ns/a", pod("a", "4", "a3"));
        assertThat(store.get("ns/a").getMetadata().getResourceVersion()).isEqualTo("4");
        assertThat(store.keySet()).containsExactlyInAnyOrder("ns/a", "ns/b");
        assertThat(told).as("nothing applied on the informer's thread").isEmpty();
        assertThat(store.drained()).isFalse();

        hold.countDown();
        drain();

        assertThat(told).containsExactly("stored ns/a a1", "stored ns/a a2", "stored ns/b b1", "removed ns/a a2",
                "stored ns/a a3");
        assertThat(threads).doesNotContain(Thread.currentThread());
        assertThat(store.facts("ns/a")).isEqualTo("a3");
        assertThat(store.facts("ns/b")).isEqualTo("b1");
        assertThat(store.drained()).isTrue();
    }

    @Test
    void whenAVersionCannotBeMappedThenThePreviousFactsAreKept() throws Exception {
        store.put("ns/a", pod("a", "1", "a1"));
        store.put("ns/a", pod("a", "2", "boom"));
        drain();

        assertThat(told).containsExactly("stored ns/a a1", "stored ns/a a1");
        assertThat(store.facts("ns/a")).isEqualTo("a1");
        assertThat(store.get("ns/a").getMetadata().getResourceVersion()).isEqualTo("2");
    }

    @Test
    void whenTheApplierFallsFarBehindThenTheInformerWaitsForItAndNothingIsLost() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        applier.execute(() -> await(hold));
        int n = FactsStore.MAX_PENDING + 10;
        Thread informer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                store.put("ns/p" + i, pod("p" + i, String.valueOf(i), "v" + i));
            }
        });
        informer.start();
        // it stops at the bound (waiting), rather than queueing everything it receives
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (informer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(informer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(informer.isAlive()).isTrue();

        hold.countDown();
        informer.join(TimeUnit.SECONDS.toMillis(60));
        drain();

        assertThat(told).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(told.get(i)).isEqualTo("stored ns/p" + i + " v" + i);
        }
    }

    /** Waits for the applier to have run everything submitted so far (it runs tasks in order). */
    void drain() throws Exception {
        applier.submit(() -> { }).get(60, TimeUnit.SECONDS);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
