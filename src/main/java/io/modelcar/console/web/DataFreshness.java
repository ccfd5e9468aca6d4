package io.modelcar.console.web;

import java.time.Instant;

/**
 * How fresh the cluster data behind the pages is, for the layout's "data as of" banner. A feature that caches cluster
 * data (the InferenceService inventory) implements it; {@code web} knows no feature, so the layout asks this
 * interface. Without an implementation (web slice tests) the banner follows the cluster state only.
 */
public interface DataFreshness {

    Freshness freshness();

    /**
     * @param synced the first full list has arrived
     * @param stale  the watch on the API server is broken: the data may be out of date
     * @param asOf   when the data was last known fresh
     */
    record Freshness(boolean synced, boolean stale, Instant asOf) {
    }
}
