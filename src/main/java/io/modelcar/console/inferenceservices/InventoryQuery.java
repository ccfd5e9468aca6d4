package io.modelcar.console.inferenceservices;

/**
 * Filters and paging of the inventory list.
 *
 * @param namespace only this namespace (null for all)
 * @param q         case-insensitive text in namespace, name, storage URIs or verdict (null for any)
 * @param oci       true: only with an OCI storage URI; false: only without; null: both
 * @param warning   only with a warning of this code (null for any)
 * @param verdict   only with this verdict (null for any)
 * @param limit     page size
 * @param after     the cursor: the sort key of the last item of the previous page (null for the first page)
 */
record InventoryQuery(String namespace, String q, Boolean oci, String warning, String verdict, int limit,
        String after) {
}
