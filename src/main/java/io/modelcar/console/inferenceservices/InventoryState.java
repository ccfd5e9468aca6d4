package io.modelcar.console.inferenceservices;

import java.time.Instant;

/**
 * How fresh the inventory is.
 *
 * @param synced     the first full list has arrived
 * @param stale      the watch on the API server is broken: the data may be out of date
 * @param asOf       when the inventory last heard from the API server (now, while the watch is healthy)
 * @param staleSince when the watch broke, or null
 */
public record InventoryState(boolean synced, boolean stale, Instant asOf, Instant staleSince) {
}
