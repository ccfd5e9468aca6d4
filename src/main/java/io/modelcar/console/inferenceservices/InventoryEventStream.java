package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * {@code state} event ({@code synced}, {@code stale}, {@code asOf}, {@code revision}) reports staleness changes, and a
 * comment every 15 s keeps proxies from closing the stream. The initial sync sends no {@code change} per
 * InferenceService (none is even built): one {@code synced} event {@code {revision}} tells that the inventory is
 * complete as of that revision (read the list then); changes after it follow one by one.
 * <p>
 * Resuming: event ids are {@code <stream>-<revision>}, where the stream names this replica's inventory. A client
 * that reconnects with {@code Last-Event-ID} (browsers' EventSource does so by itself) gets the changes it missed
 * replayed when it comes back to the same replica within the last changes that fit half its queue
 * ({@value #QUEUE_PER_SUBSCRIBER} / 2, so that the replay cannot fill the queue and drop it); otherwise (another
 * replica, whose revisions count differently, or too long away) it first gets one
 * {@code resync} event with the whole inventory {@code {revision, items}} to replace its list with, then the changes
 * from there: no gap either way.
 * <p>
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
    private final int queuePerSubscriber;
    /** How many of the last changes are kept for a client that reconnects to this replica. */
    private final int replay;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "inventory-sse"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "inventory-sse-tick"));
    private volatile boolean lastStale;
    private volatile long ticks;
    private final String stream = UUID.randomUUID().toString().substring(0, 8);
    /** The last changes sent, oldest first: touched only on the dispatcher thread. */
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    /**
     * The revision the initial sync completed at (dispatcher thread only): the changes up to it were never sent one
     * by one, so a client whose last event is older cannot be caught up by replay.
     */
    private long syncedAt = -1;

    private record Sent(long revision, Map<String, Object> data) {
    }

    @Autowired
    InventoryEventStream(InferenceServiceInventory inventory) {
        this(inventory, MAX_SUBSCRIBERS, QUEUE_PER_SUBSCRIBER);
    }

    InventoryEventStream(InferenceServiceInventory inventory, int maxSubscribers, int queuePerSubscriber) {
        this.inventory = inventory;
        this.queuePerSubscriber = queuePerSubscriber;
        // only what a reconnecting client can be sent is kept (it held 1,000 changes, of which 128 could be replayed)
        this.replay = queuePerSubscriber / 2;
        this.fanOut = new EventFanOut<>(maxSubscribers, queuePerSubscriber, "inventory-sse-writer");
        inventory.onChange(change -> {
            if (Inventory.SYNCED.equals(change.type())) {
                dispatcher.execute(() -> synced(change.revision()));
                return;
            }
            if (!inventory.inventorySynced()) {
                // the initial sync: no event per InferenceService (tens of thousands of them, which no client can
                // use before it has the complete list); one synced event when it is complete
                return;
            }
            dispatcher.execute(() -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("type", change.type());
                data.put("namespace", change.namespace());
                data.put("name", change.name());
                data.put("revision", change.revision());
                data.put("item", "DELETED".equals(change.type()) ? null
                        : inventory.get(change.namespace(), change.name()));
                recent.addLast(new Sent(change.revision(), data));
                if (recent.size() > replay) {
                    recent.removeFirst();
                }
                fanOut.publish(() -> changeEvent(change.revision(), data));
            });
        });
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The initial sync is complete: one {@code synced} event instead of one per InferenceService. */
    private void synced(long revision) {
        syncedAt = revision;
        recent.clear();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", revision);
        fanOut.publish(() -> SseEmitter.event().name("synced").id(stream + "-" + revision)
                .data(data, MediaType.APPLICATION_JSON));
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
        EventFanOut.Sink<SseEmitter.SseEventBuilder> sink = new EventFanOut.Sink<>() {
            @Override
            public void send(SseEmitter.SseEventBuilder event) throws IOException {
                emitter.send(event);
            }

            @Override
            public void close() {
                emitter.complete();
            }
        };
        // subscribed on the dispatcher thread, state and catch-up first: no change is sent twice or missed between
        EventFanOut.Subscription subscription = onDispatcher(() -> {
            EventFanOut.Subscription added = fanOut.subscribe(sink);
            if (added != null) {
                added.offer(SseEmitter.event().name("state").data(state(), MediaType.APPLICATION_JSON));
                if (lastEventId != null && !lastEventId.isBlank()) {
                    catchUp(added, lastEventId.strip());
                }
            }
            return added;
        });
        if (subscription == null) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, TOO_MANY_STREAMS, "Too many event streams",
                    "This replica serves its maximum number of inventory event streams; try again later or poll "
                            + "GET /api/v1/inferenceservices.").withHeader(HttpHeaders.RETRY_AFTER, "30");
        }
        emitter.onCompletion(subscription::cancel);
        emitter.onTimeout(subscription::cancel);
        emitter.onError(e -> subscription.cancel());
        return emitter;
    }

    private <T> T onDispatcher(java.util.concurrent.Callable<T> work) {
        try {
            return dispatcher.submit(work).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not subscribe to the inventory's changes", e);
        }
    }

    private void catchUp(EventFanOut.Subscription subscription, String lastEventId) {
        long seen = revisionOfThisStream(lastEventId);
        long missed = inventory.revision() - seen;
        boolean allBuffered = missed <= 0 || (!recent.isEmpty() && recent.peekFirst().revision() <= seen + 1);
        if (seen >= 0 && seen >= syncedAt && allBuffered && missed <= replay) {
            for (Sent sent : recent) {
                if (sent.revision() > seen) {
                    subscription.offer(changeEvent(sent.revision(), sent.data()));
                }
            }
            return;
        }
        InferenceServiceInventory.Snapshot snapshot = inventory.snapshot();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", snapshot.revision());
        data.put("items", snapshot.items());
        subscription.offer(SseEmitter.event().name("resync").id(stream + "-" + snapshot.revision())
                .data(data, MediaType.APPLICATION_JSON));
        // changes still queued on the dispatcher follow; those at or below the snapshot's revision are already in it
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
        data.put("synced", state.synced());
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
