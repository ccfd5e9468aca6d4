package io.modelcar.console.inferenceservices;

import java.util.List;

/**
 * One page of the inventory.
 *
 * @param items    the InferenceServices of this page, sorted by namespace and name
 * @param next     the sort key to continue after, or null on the last page
 * @param total    how many InferenceServices match the filters
 * @param revision the inventory revision this page was read at
 */
record InventoryPage(List<InferenceServiceSummary> items, String next, int total, long revision) {
}
