package io.modelcar.console.inferenceservices;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/v1/inferenceservices}: the inventory for automation. Served from the informer cache; when the watch on
 * the API server is broken the answers still come, marked {@code stale} with the time they are {@code asOf}.
 */
@RestController
@RequestMapping("/api/v1/inferenceservices")
@io.swagger.v3.oas.annotations.tags.Tag(name = "InferenceServices", description = "The inventory of "
        + "InferenceServices with their storage URIs, modelcar verdict and warnings, kept by a watch")
class InferenceServiceApiController {

    static final java.net.URI NOT_FOUND_TYPE = ProblemTypes.of("inferenceservice-not-found");
    /** Not (yet) in the inventory while its first full list is still arriving: absence proves nothing yet. */
    static final java.net.URI SYNCING_TYPE = ProblemTypes.of("inventory-syncing");

    private final InferenceServiceInventory inventory;
    private final InventoryProperties properties;
    private final InventoryEventStream events;

    InferenceServiceApiController(InferenceServiceInventory inventory, InventoryProperties properties,
            InventoryEventStream events) {
        this.inventory = inventory;
        this.properties = properties;
        this.events = events;
    }

    /**
     * One page of InferenceServices, sorted by namespace and name: {@code items}, {@code continue}, {@code total},
     * plus {@code stale}, {@code asOf} and {@code revision}. The items' JSON is encoded once per change of an
     * InferenceService, so a page costs the page.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.Operation(summary = "List InferenceServices, one page at a time",
            description = "Sorted by namespace and name, filtered by namespace, text (q), OCI storage, warning code "
                    + "and verdict; continue with the cursor of the previous page. total counts every match.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", content = @io.swagger.v3.oas
            .annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = ListResponse.class)))
    ResponseEntity<byte[]> list(@RequestParam(required = false) String namespace,
            @RequestParam(required = false) String q, @RequestParam(required = false) String oci,
            @RequestParam(required = false) String warning, @RequestParam(required = false) String verdict,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "continue", required = false) String cursor) {
        InventoryPage page = inventory.query(InventoryRequests.query(namespace, q, oci, warning, verdict, limit,
                cursor, properties));
        InventoryState state = inventory.state();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(listBody(page, state));
    }

    static byte[] listBody(InventoryPage page, InventoryState state) {
        String next = InventoryRequests.encode(page.next());
        // the cursor is base64url and the instant ISO-8601: neither needs JSON escaping
        byte[] tail = ("],\"continue\":" + (next == null ? "null" : "\"" + next + "\"") + ",\"total\":" + page.total()
                + ",\"synced\":" + state.synced() + ",\"stale\":" + state.stale() + ",\"asOf\":"
                + (state.asOf() == null ? "null" : "\"" + state.asOf() + "\"") + ",\"revision\":" + page.revision()
                + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<byte[]> items = page.itemsJson();
        int size = ITEMS_START.length + tail.length + Math.max(0, items.size() - 1);
        for (byte[] item : items) {
            size += item.length;
        }
        // one array of the exact size, written once (the page's items are already encoded)
        byte[] body = new byte[size];
        System.arraycopy(ITEMS_START, 0, body, 0, ITEMS_START.length);
        int at = ITEMS_START.length;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] item = items.get(i);
            System.arraycopy(item, 0, body, at, item.length);
            at += item.length;
        }
        System.arraycopy(tail, 0, body, at, tail.length);
        return body;
    }

    private static final byte[] ITEMS_START = "{\"items\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @GetMapping("/{namespace}/{name}")
    @io.swagger.v3.oas.annotations.Operation(summary = "One InferenceService",
            description = "Its storage URIs, modelcar verdict with evidence, and warnings.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", description = "Not in the inventory "
            + "while its first full list from the API server is still arriving: absence is not known yet; try again "
            + "after Retry-After seconds (type urn:modelcar-console:problem:inventory-syncing)",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json"))
    InferenceServiceSummary get(@PathVariable String namespace, @PathVariable String name) {
        InferenceServiceSummary summary = inventory.get(namespace, name);
        if (summary == null && !inventory.state().synced()) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, SYNCING_TYPE, "Inventory still syncing",
                    "InferenceService " + namespace + "/" + name + " has not arrived (yet): the inventory is still "
                            + "receiving its first full list from the API server.")
                    .withHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, "5");
        }
        if (summary == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, NOT_FOUND_TYPE, "InferenceService not found",
                    "There is no InferenceService " + namespace + "/" + name + " in the inventory.");
        }
        return summary;
    }

    /**
     * Server-Sent Events: one {@code change} event per InferenceService added, modified or deleted. A reconnect with
     * {@code Last-Event-ID}, to this replica or another, resumes without a gap (see {@link InventoryEventStream}).
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @io.swagger.v3.oas.annotations.Operation(summary = "Inventory changes as Server-Sent Events",
            description = "One change event per InferenceService added, modified or deleted, as long as the "
                    + "connection stays open. A client that reconnects with Last-Event-ID resumes without a gap: "
                    + "the missed changes, or one resync event with the whole list.")
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return events.subscribe(lastEventId);
    }

    /**
     * @param items    the page
     * @param next     cursor for the next page ({@code continue}), null on the last page
     * @param total    how many match the filters
     * @param synced   false until the first full list from the API server has arrived
     * @param stale    true when the watch on the API server is broken
     * @param asOf     when the data was last confirmed by the API server
     * @param revision inventory revision the page was read at
     */
    record ListResponse(List<InferenceServiceSummary> items, @JsonProperty("continue") String next, int total,
            boolean synced, boolean stale, Instant asOf, long revision) {
    }
}
