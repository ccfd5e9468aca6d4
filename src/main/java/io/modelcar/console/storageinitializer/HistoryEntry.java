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
 * @param promotedTo      on the source cluster of a promotion: where this cluster's value went
 *                        ({@code <cluster>@<resourceVersion>} written there; {@code diff} is the target's), else null.
 *                        Such an entry changed nothing here: {@code before}, {@code after} and
 *                        {@code resourceVersion} are this cluster's value and version that were promoted.
 */
public record HistoryEntry(String id, Instant at, String actor, String source, String resourceVersion,
        String before, String after, List<ConfigJson.KeyChange> diff,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String origin,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String promotedTo) {

    /** A change made on this cluster (not promoted from another). */
    public HistoryEntry(String id, Instant at, String actor, String source, String resourceVersion, String before,
            String after, List<ConfigJson.KeyChange> diff) {
        this(id, at, actor, source, resourceVersion, before, after, diff, null, null);
    }

    /** Whether this entry records this cluster's value promoted to another cluster (nothing changed here). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPromotedOut() {
        return promotedTo != null;
    }
}
