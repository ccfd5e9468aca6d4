package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ConcurrentWritersTest {

    static final int WRITERS = 20;
    static final int ROUNDS = 10;

    @Test
    void whenTwentyWritersReadModifyWriteTenTimesEachThenNoUpdateIsLost() throws Exception {
        try (StorageInitializerFixture cluster = new StorageInitializerFixture(
                io.modelcar.console.testsupport.KServeSeed.CONTROLLER_IMAGE,
                // A short history: the race under test is on inferenceservice-config, not on the history.
                new StorageInitializerProperties("modelcar-console-history", 10, 600_000, 5, 65_536),
                // Events are not under test here, and thousands of them slow the mock's lookups down.
                false)) {
            StorageInitializerService service = cluster.service;
            AtomicInteger conflicts = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        while (true) {
                            StorageInitializerView read = service.current();
                            ObjectNode next = (ObjectNode) read.config().deepCopy();
                            next.put("writer" + writer + "round" + round, true);
                            try {
                                service.apply(ChangeRequest.replace(read.resourceVersion(), next, "writer" + writer,
                                        "api", false));
                                break;
                            } catch (StaleResourceVersion e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            ObjectNode stored = cluster.config();
            for (int w = 0; w < WRITERS; w++) {
                for (int r = 0; r < ROUNDS; r++) {
                    assertThat(stored.has("writer" + w + "round" + r)).as("writer %d round %d", w, r).isTrue();
                }
            }
            assertThat(stored.size()).isEqualTo(11 + WRITERS * ROUNDS);
            assertThat(conflicts.get()).as("the writers really raced").isPositive();
            assertThat(cluster.configMapWriteBodies()).allSatisfy(body -> assertThat(
                    StorageInitializerFixture.json(body).path("metadata").path("resourceVersion").asString(""))
                    .isNotBlank());
            System.out.printf("%d writes, %d conflicts retried%n", WRITERS * ROUNDS, conflicts.get());
        }
    }
}
