package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 9: a subscriber that stops reading (its send blocks, as a write to a client that does not read
 * does once the socket buffers are full) is dropped when its queue is full; the others get every event.
 */
class EventFanOutTest {

    /** A client that reads everything. */
    static final class Reader implements EventFanOut.Sink<Integer> {
        final List<Integer> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void send(Integer event) {
            received.add(event);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** A client that stopped reading: its first send blocks until the test ends. */
    static final class Stalled implements EventFanOut.Sink<Integer> {
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void send(Integer event) throws IOException {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("broken pipe");
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void whenOneSubscriberStopsReadingThenItIsDroppedAndTheOthersGetEveryEvent() throws Exception {
        try (EventFanOut<Integer> fanOut = new EventFanOut<>(10, 64, "test-writer")) {
            Stalled stalled = new Stalled();
            Reader first = new Reader();
            Reader second = new Reader();
            fanOut.subscribe(stalled);
            fanOut.subscribe(first);
            fanOut.subscribe(second);

            fanOut.publish(() -> 0);
            assertThat(stalled.blocked.await(5, TimeUnit.SECONDS)).as("the stalled client's write blocks").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // changes arrive in bursts of 20 (well within a reader's queue of 64); the stalled queue fills up
            for (int i = 1; i < 1000; i++) {
                int n = i;
                fanOut.publish(() -> n);
                while (i % 20 == 0 && (first.received.size() < i || second.received.size() < i)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }

            while ((first.received.size() < 1000 || second.received.size() < 1000) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(first.received).hasSize(1000).isSorted();
            assertThat(second.received).hasSize(1000).isSorted();
            assertThat(stalled.closed).as("the stalled client is dropped").isTrue();
            assertThat(fanOut.subscribers()).isEqualTo(2);
            assertThat(first.closed).isFalse();
            stalled.release.countDown();
        }
    }

    @Test
    void whenTheSubscribersAreAtTheirBoundThenTheNextOneIsRefusedUntilOneLeaves() {
        try (EventFanOut<Integer> fanOut = new EventFanOut<>(2, 8, "test-writer")) {
            EventFanOut.Subscription a = fanOut.subscribe(new Reader());
            assertThat(fanOut.subscribe(new Reader())).isNotNull();

            assertThat(fanOut.subscribe(new Reader())).as("over the bound").isNull();
            a.cancel();
            assertThat(fanOut.subscribe(new Reader())).isNotNull();
        }
    }
}
