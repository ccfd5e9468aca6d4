package io.modelcar.console.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code limit} and {@code continue} on LIST requests, as a real API server serves them and fabric8's CRUD dispatcher
 * does not (it answers every LIST whole): the first page takes a snapshot of the whole list in key order (namespace,
 * then name), later pages are cut from that snapshot (the list's resourceVersion stays the snapshot's, as etcd's
 * paging does), and a token the server no longer knows is answered 410 Expired, on which clients list again.
 * Without it an informer that lists in pages gets 50,000 pods in one response from the in-memory API, which no
 * real API server does.
 *
 * <p>At most {@value #KEPT} unfinished snapshots are kept (a client that gives up after the first page leaves one
 * behind), none longer than {@link #KEPT_FOR} (an API server's tokens expire when etcd compacts, every 5 minutes);
 * the oldest is dropped, so a long sandbox session keeps nothing it does not need.
 */
final class ListPages {

    static final int KEPT = 8;
    static final Duration KEPT_FOR = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Comparator<JsonNode> KEY_ORDER = Comparator
            .comparing((JsonNode item) -> item.path("metadata").path("namespace").asString(""))
            .thenComparing(item -> item.path("metadata").path("name").asString(""));

    private record Snapshot(ObjectNode list, List<JsonNode> items, Instant taken) {
    }

    private final Clock clock;

    private final Map<String, Snapshot> snapshots = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
                    return size() > KEPT;
                }
            });

    ListPages() {
        this(Clock.systemUTC());
    }

    ListPages(Clock clock) {
        this.clock = clock;
    }

    /**
     * The page a paged LIST asks for, or null for any other request (no {@code limit}, or a watch).
     *
     * @param path the request's path with its query
     * @param wholeList answers a path (the request's without {@code limit} and {@code continue}) with the whole list
     */
    MockResponse page(String path, Function<String, MockResponse> wholeList) {
        int query = path.indexOf('?');
        if (query < 0) {
            return null;
        }
        long limit = 0;
        String token = null;
        List<String> kept = new ArrayList<>();
        for (String parameter : path.substring(query + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            String value = URLDecoder.decode(parameter.substring(name.length() + (parameter.contains("=") ? 1 : 0)),
                    StandardCharsets.UTF_8);
            switch (name) {
                case "limit" -> limit = value.isEmpty() ? 0 : Long.parseLong(value);
                case "continue" -> token = value.isEmpty() ? null : value;
                case "watch" -> {
                    if ("true".equals(value) || "1".equals(value)) {
                        return null;
                    }
                    kept.add(parameter);
                }
                default -> kept.add(parameter);
            }
        }
        if (limit <= 0) {
            return null;
        }
        Instant now = clock.instant();
        synchronized (snapshots) {
            snapshots.values().removeIf(old -> old.taken().isBefore(now.minus(KEPT_FOR)));
        }
        String id;
        int offset;
        Snapshot snapshot;
        if (token == null) {
            MockResponse whole = wholeList.apply(path.substring(0, query)
                    + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
            if (whole.code() != 200) {
                return whole;
            }
            ObjectNode list = (ObjectNode) JSON.readTree(whole.getBody().readUtf8());
            List<JsonNode> items = new ArrayList<>();
            list.withArray("items").forEach(items::add);
            items.sort(KEY_ORDER);
            list.remove("items");
            snapshot = new Snapshot(list, items, now);
            id = UUID.randomUUID().toString();
            offset = 0;
        } else {
            int colon = token.lastIndexOf(':');
            id = colon < 0 ? token : token.substring(0, colon);
            snapshot = snapshots.get(id);
            offset = colon < 0 ? -1 : parseOffset(token.substring(colon + 1));
            if (snapshot == null || offset < 0 || offset > snapshot.items().size()) {
                return expired();
            }
        }
        int end = (int) Math.min(snapshot.items().size(), offset + limit);
        ObjectNode page = snapshot.list().deepCopy();
        ArrayNode items = page.putArray("items");
        snapshot.items().subList(offset, end).forEach(items::add);
        ObjectNode metadata = page.withObject("metadata");
        if (end < snapshot.items().size()) {
            snapshots.put(id, snapshot);
            metadata.put("continue", id + ":" + end);
            metadata.put("remainingItemCount", snapshot.items().size() - end);
        } else {
            snapshots.remove(id);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(page));
    }

    private static int parseOffset(String offset) {
        try {
            return Integer.parseInt(offset);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How many unfinished snapshots are kept. */
    int snapshots() {
        return snapshots.size();
    }

    private static MockResponse expired() {
        return new MockResponse().setResponseCode(410).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"The provided continue parameter is too old to display a consistent list"
                        + " result. You can start a new list without the continue parameter.\","
                        + "\"reason\":\"Expired\",\"code\":410}");
    }
}
