package io.modelcar.console.inferenceservices;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs its tasks one at a time, in the order submitted, on a shared pool: several serial executors (one per
 * informer store) share a few threads, each keeping its own order. Pure Java.
 */
final class SerialExecutor implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor pool;
    private Runnable active;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) {
            next();
        }
    }

    private synchronized void next() {
        active = tasks.poll();
        if (active != null) {
            try {
                pool.execute(active);
            } catch (RuntimeException e) {
                // the pool stopped: nothing queued here will run
                tasks.clear();
                active = null;
                throw e;
            }
        }
    }
}
