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
 * <p>
 * Resuming: event ids are {@code <stream>-<revision>}, where the stream names this replica's inventory. A client
 * that reconnects with {@code Last-Event-ID} (browsers' EventSource does so by itself) gets the changes it missed
 * replayed when it comes back to the same replica within the last {@value #REPLAY} changes; otherwise (another
 * replica, whose revisions count differently, or too long away) it first gets one {@code resync} event with the
 * whole inventory {@code {revision, items}} to replace its list with, then the changes from there: no gap either way.
 */
@Component
class InventoryEventStream {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;
    static final int REPLAY = 1000;

    private final InferenceServiceInventory inventory;
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "inventory-sse"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "inventory-sse-tick"));
    private volatile boolean lastStale;
    private volatile long ticks;
    private final String stream = java.util.UUID.randomUUID().toString().substring(0, 8);
    /** The last changes sent, oldest first: touched only on the sender thread. */
    private final java.util.ArrayDeque<Sent> recent = new java.util.ArrayDeque<>();

    private record Sent(long revision, Map<String, Object> data) {
    }

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
            recent.addLast(new Sent(change.revision(), data));
            if (recent.size() > REPLAY) {
                recent.removeFirst();
            }
            send(() -> changeEvent(change.revision(), data));
        }));
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private SseEmitter.SseEventBuilder changeEvent(long revision, Map<String, Object> data) {
        return SseEmitter.event().name("change").id(stream + "-" + revision).data(data, MediaType.APPLICATION_JSON);
    }

    SseEmitter subscribe() {
        return subscribe(null);
    }

    /** A new subscriber; {@code lastEventId}: the id of the last event it saw before reconnecting, or null. */
    SseEmitter subscribe(String lastEventId) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        // added on the sender thread, after the catch-up: no change is sent twice or missed in between
        sender.execute(() -> {
            sendTo(emitter, SseEmitter.event().name("state").data(state(), MediaType.APPLICATION_JSON));
            if (lastEventId != null && !lastEventId.isBlank()) {
                catchUp(emitter, lastEventId.strip());
            }
            emitters.add(emitter);
        });
        return emitter;
    }

    private void catchUp(SseEmitter emitter, String lastEventId) {
        long seen = revisionOfThisStream(lastEventId);
        boolean nothingMissed = seen >= inventory.revision();
        boolean allBuffered = !recent.isEmpty() && recent.peekFirst().revision() <= seen + 1;
        if (seen >= 0 && (nothingMissed || allBuffered)) {
            for (Sent sent : recent) {
                if (sent.revision() > seen) {
                    sendTo(emitter, changeEvent(sent.revision(), sent.data()));
                }
            }
            return;
        }
        InferenceServiceInventory.Snapshot snapshot = inventory.snapshot();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", snapshot.revision());
        data.put("items", snapshot.items());
        sendTo(emitter, SseEmitter.event().name("resync").id(stream + "-" + snapshot.revision())
                .data(data, MediaType.APPLICATION_JSON));
        // changes still queued on this thread follow; those at or below the snapshot's revision are already in it
    }

    private long revisionOfThisStream(String lastEventId) {
        if (!lastEventId.startsWith(stream + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.substring(stream.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
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
