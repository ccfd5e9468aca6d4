package io.modelcar.console.inferenceservices;

import java.util.List;

/**
 * One page of the inventory.
 *
 * @param items    the InferenceServices of this page, sorted by namespace and name
 * @param itemsJson the same items as JSON, encoded once per change
 * @param next     the sort key to continue after, or null on the last page
 * @param total    how many InferenceServices match the filters
 * @param revision the inventory revision this page was read at
 */
record InventoryPage(List<InferenceServiceSummary> items, List<byte[]> itemsJson, String next, int total,
        long revision) {
}
