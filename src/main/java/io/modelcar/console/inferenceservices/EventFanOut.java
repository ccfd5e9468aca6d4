package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Fans events out to a bounded number of subscribers, each with its own bounded queue and its own writer: a
 * subscriber that stops reading blocks only its own writer, its queue fills, and it is dropped (closed) on the next
 * event; the others never wait for it. Publishing never blocks. Plain Java: the transport is a {@link Sink}.
 *
 * @param <E> an event as one subscriber's transport sends it (a fresh one per subscriber)
 */
final class EventFanOut<E> implements AutoCloseable {

    /** One subscriber's connection. */
    interface Sink<E> {

        /** Sends one event; may block while the client does not read. */
        void send(E event) throws IOException;

        /** Ends the connection (the subscriber was too slow, or the fan-out closes). */
        void close();
    }

    private final int maxSubscribers;
    private final int queueCapacity;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor writers;

    EventFanOut(int maxSubscribers, int queueCapacity, String threadName) {
        this.maxSubscribers = Math.max(1, maxSubscribers);
        this.queueCapacity = Math.max(1, queueCapacity);
        // at most one writer per subscriber; dropped subscribers whose write still blocks may hold one more each
        this.writers = new ThreadPoolExecutor(0, this.maxSubscribers * 2, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A handle of one subscription, or null when the fan-out is full. */
    Subscription subscribe(Sink<E> sink) {
        synchronized (subscribers) {
            if (subscribers.size() >= maxSubscribers) {
                return null;
            }
            Subscriber subscriber = new Subscriber(sink);
            subscribers.add(subscriber);
            return subscriber;
        }
    }

    /** Queues an event for every subscriber (a fresh one each); never blocks. */
    void publish(Supplier<E> event) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(event.get());
        }
    }

    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void close() {
        subscribers.forEach(s -> s.drop());
        writers.shutdownNow();
    }

    /** One subscription: send to this subscriber only, or end it. */
    interface Subscription {

        /** Queues an event for this subscriber only (e.g. the state on subscribing). */
        void offer(Object event);

        /** Forgets the subscriber (its connection ended). */
        void cancel();
    }

    private final class Subscriber implements Subscription {

        private final Sink<E> sink;
        private final BlockingQueue<E> queue = new ArrayBlockingQueue<>(queueCapacity);
        private final AtomicBoolean writing = new AtomicBoolean();
        private volatile boolean dropped;

        Subscriber(Sink<E> sink) {
            this.sink = sink;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void offer(Object event) {
            if (dropped) {
                return;
            }
            if (!queue.offer((E) event)) {
                drop(); // it stopped reading: its queue is full
                return;
            }
            schedule();
        }

        private void schedule() {
            if (!dropped && writing.compareAndSet(false, true)) {
                try {
                    writers.execute(this::write);
                } catch (RejectedExecutionException e) {
                    writing.set(false);
                    drop();
                }
            }
        }

        private void write() {
            try {
                E event;
                while (!dropped && (event = queue.poll()) != null) {
                    sink.send(event);
                }
            } catch (IOException | RuntimeException e) {
                drop();
            } finally {
                writing.set(false);
            }
            if (!dropped && !queue.isEmpty()) {
                schedule();
            }
        }

        @Override
        public void cancel() {
            dropped = true;
            subscribers.remove(this);
            queue.clear();
        }

        void drop() {
            if (!dropped) {
                cancel();
                sink.close();
            }
        }
    }
}
