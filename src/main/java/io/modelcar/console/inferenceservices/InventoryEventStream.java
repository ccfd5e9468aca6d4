package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans inventory changes out to Server-Sent-Event subscribers, off the informer thread. Each event is
 * {@code event: change} with {@code {type, namespace, name, revision, item}} ({@code item} null on delete); a
 * {@code state} event reports staleness changes, and a comment every 15 s keeps proxies from closing the stream.
 * Bounded (issue 14, point 9): at most {@link #MAX_SUBSCRIBERS} streams per replica (more get a 503 Problem with
 * {@code Retry-After}), each with a queue of {@link #QUEUE_PER_SUBSCRIBER} events; a client that stops reading is
 * dropped when its queue is full, and never holds up the others (see {@link EventFanOut}).
 */
@Component
class InventoryEventStream {

    static final int MAX_SUBSCRIBERS = 200;
    static final int QUEUE_PER_SUBSCRIBER = 256;
    static final java.net.URI TOO_MANY_STREAMS = ProblemTypes.of("too-many-event-streams");
    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private final InferenceServiceInventory inventory;
    private final EventFanOut<SseEmitter.SseEventBuilder> fanOut;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "inventory-sse"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "inventory-sse-tick"));
    private volatile boolean lastStale;
    private volatile long ticks;

    @Autowired
    InventoryEventStream(InferenceServiceInventory inventory) {
        this(inventory, MAX_SUBSCRIBERS, QUEUE_PER_SUBSCRIBER);
    }

    InventoryEventStream(InferenceServiceInventory inventory, int maxSubscribers, int queuePerSubscriber) {
        this.inventory = inventory;
        this.fanOut = new EventFanOut<>(maxSubscribers, queuePerSubscriber, "inventory-sse-writer");
        inventory.onChange(change -> dispatcher.execute(() -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", change.type());
            data.put("namespace", change.namespace());
            data.put("name", change.name());
            data.put("revision", change.revision());
            data.put("item", "DELETED".equals(change.type()) ? null
                    : inventory.get(change.namespace(), change.name()));
            fanOut.publish(() -> SseEmitter.event().name("change").id(Long.toString(change.revision()))
                    .data(data, MediaType.APPLICATION_JSON));
        }));
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        EventFanOut.Subscription subscription = fanOut.subscribe(new EventFanOut.Sink<>() {
            @Override
            public void send(SseEmitter.SseEventBuilder event) throws IOException {
                emitter.send(event);
            }

            @Override
            public void close() {
                emitter.complete();
            }
        });
        if (subscription == null) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, TOO_MANY_STREAMS, "Too many event streams",
                    "This replica serves its maximum number of inventory event streams; try again later or poll "
                            + "GET /api/v1/inferenceservices.").withHeader(HttpHeaders.RETRY_AFTER, "30");
        }
        emitter.onCompletion(subscription::cancel);
        emitter.onTimeout(subscription::cancel);
        emitter.onError(e -> subscription.cancel());
        Map<String, Object> state = state();
        subscription.offer(SseEmitter.event().name("state").data(state, MediaType.APPLICATION_JSON));
        return emitter;
    }

    private Map<String, Object> state() {
        InventoryState state = inventory.state();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stale", state.stale());
        data.put("asOf", state.asOf() == null ? null : state.asOf().toString());
        data.put("revision", inventory.revision());
        return data;
    }

    private void tick() {
        boolean stale = inventory.state().stale();
        if (stale != lastStale) {
            lastStale = stale;
            dispatcher.execute(() -> {
                Map<String, Object> data = state();
                fanOut.publish(() -> SseEmitter.event().name("state").data(data, MediaType.APPLICATION_JSON));
            });
        }
        if (++ticks % 15 == 0) {
            dispatcher.execute(() -> fanOut.publish(() -> SseEmitter.event().comment("keep-alive")));
        }
    }

    int subscribers() {
        return fanOut.subscribers();
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        dispatcher.shutdownNow();
        fanOut.close();
    }
}
