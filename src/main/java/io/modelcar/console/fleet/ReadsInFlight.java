package io.modelcar.console.fleet;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One read per key at a time: a caller asking for a key whose read is still running gets that read's answer
 * instead of starting another one. The fleet reads each cluster on a thread of its own and stops waiting after a
 * deadline; a cluster that hangs (a firewall dropping packets) kept that thread until the client gave up, and every
 * fleet request while it hung started one more, so threads piled up with the request rate. Now a hung cluster holds
 * at most one thread per kind of read.
 */
final class ReadsInFlight {

    private final Map<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();
    private final Executor executor;

    ReadsInFlight(Executor executor) {
        this.executor = executor;
    }

    /**
     * The answer of the read of {@code key}: the one running, or {@code read} started now. The future returned is
     * the caller's own (completing it, e.g. on a deadline, does not complete the shared read).
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> read(String key, Supplier<T> read) {
        // a read that has ended (its removal below may not have run yet) is never reused: a new one starts
        CompletableFuture<Object> shared = running.compute(key, (k, existing) -> existing != null && !existing.isDone()
                ? existing : CompletableFuture.supplyAsync(() -> (Object) read.get(), executor));
        // registered outside compute: a read that completed at once must not remove itself while being put
        shared.whenComplete((value, failure) -> running.remove(key, shared));
        return (CompletableFuture<T>) shared.copy();
    }

    /** Reads running now (for tests). */
    int running() {
        return running.size();
    }
}
