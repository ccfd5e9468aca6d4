package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadsInFlightTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ReadsInFlight reads = new ReadsInFlight(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A cluster that hangs holds one thread, however many requests ask for it meanwhile. */
    @Test
    void whileAReadOfAKeyRunsTheNextCallersGetItsAnswerAndNoThreadOfTheirOwn() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> first = reads.read("overview prod", () -> {
            started.incrementAndGet();
            await(hanging);
            return "answer";
        });
        CompletableFuture<String> late = reads.read("overview prod", () -> "another read");
        // a caller that stops waiting (the fleet's deadline) completes its own future only
        late.completeOnTimeout("late", 50, TimeUnit.MILLISECONDS);
        assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo("late");
        CompletableFuture<String> third = reads.read("overview prod", () -> "another read");
        CompletableFuture<String> otherKey = reads.read("overview staging", () -> "staging");

        assertThat(otherKey.get(5, TimeUnit.SECONDS)).isEqualTo("staging");
        assertThat(first).isNotDone();
        hanging.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
        assertThat(started).hasValue(1);
    }

    @Test
    void aReadThatEndedIsStartedAgainAndItsFailureReachesItsCallers() throws Exception {
        assertThat(reads.read("summary a", () -> "one").get(5, TimeUnit.SECONDS)).isEqualTo("one");
        CompletableFuture<String> failed = reads.read("summary a", () -> {
            throw new IllegalStateException("unreachable");
        });
        assertThat(failed).failsWithin(5, TimeUnit.SECONDS);
        awaitNoneRunning();
        assertThat(reads.read("summary a", () -> "two").get(5, TimeUnit.SECONDS)).isEqualTo("two");
        awaitNoneRunning();
    }

    private void awaitNoneRunning() throws InterruptedException {
        for (int i = 0; i < 500 && reads.running() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(reads.running()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
