package io.modelcar.console.storageinitializer;

import java.time.Instant;
import java.util.List;

/**
 * One past change of the configuration, kept in the cluster.
 *
 * @param id              stable id, for restore
 * @param at              when it was written
 * @param actor           who wrote it
 * @param source          how: {@code api}, {@code page}, {@code toggle}, {@code rollback}, ...
 * @param resourceVersion the ConfigMap's resourceVersion after the change
 * @param before          the stored string before (null when the key did not exist)
 * @param after           the stored string after
 * @param diff            key-level changes
 * @param origin          where a promoted value came from ({@code <cluster>@<resourceVersion>}), else null
 */
public record HistoryEntry(String id, Instant at, String actor, String source, String resourceVersion,
        String before, String after, List<ConfigJson.KeyChange> diff,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String origin) {

    /** A change made on this cluster (not promoted from another). */
    public HistoryEntry(String id, Instant at, String actor, String source, String resourceVersion, String before,
            String after, List<ConfigJson.KeyChange> diff) {
        this(id, at, actor, source, resourceVersion, before, after, diff, null);
    }
}
