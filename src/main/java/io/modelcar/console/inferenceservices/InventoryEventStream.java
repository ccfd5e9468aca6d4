package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans inventory changes out to Server-Sent-Event subscribers, off the informer thread. Each event is
 * {@code event: change} with {@code {type, namespace, name, revision, item}} ({@code item} null on delete); a
 * {@code state} event reports staleness changes, and a comment every 15 s keeps proxies from closing the stream.
 */
@Component
class InventoryEventStream {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private final InferenceServiceInventory inventory;
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "inventory-sse"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "inventory-sse-tick"));
    private volatile boolean lastStale;
    private volatile long ticks;

    InventoryEventStream(InferenceServiceInventory inventory) {
        this.inventory = inventory;
        inventory.onChange(change -> sender.execute(() -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("type", change.type());
            data.put("namespace", change.namespace());
            data.put("name", change.name());
            data.put("revision", change.revision());
            data.put("item", "DELETED".equals(change.type()) ? null
                    : inventory.get(change.namespace(), change.name()));
            send(() -> SseEmitter.event().name("change").id(Long.toString(change.revision()))
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
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        sender.execute(() -> sendTo(emitter, SseEmitter.event().name("state").data(state(),
                MediaType.APPLICATION_JSON)));
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
            sender.execute(() -> {
                Map<String, Object> data = state();
                send(() -> SseEmitter.event().name("state").data(data, MediaType.APPLICATION_JSON));
            });
        }
        if (++ticks % 15 == 0) {
            sender.execute(() -> send(() -> SseEmitter.event().comment("keep-alive")));
        }
    }

    /** A fresh builder per subscriber: a built event cannot be sent twice. */
    private void send(Supplier<SseEmitter.SseEventBuilder> event) {
        for (SseEmitter emitter : emitters) {
            sendTo(emitter, event.get());
        }
    }

    private void sendTo(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
            emitter.completeWithError(e);
        }
    }

    int subscribers() {
        return emitters.size();
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        sender.shutdownNow();
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }
}
