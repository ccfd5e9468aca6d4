package io.modelcar.console.fleet;

import java.util.List;

import io.modelcar.console.web.StrictJson;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /api/v1/fleet/promotions}: take one cluster's {@code storageInitializer} (or some of its keys, or one
 * toggle's key) to another cluster.
 *
 * @param source                the cluster whose value is taken
 * @param target                the cluster it is written to
 * @param keys                  only these keys (a merge patch: a key the source lacks is removed from the target);
 *                              empty: the whole value replaces the target's
 * @param toggle                a toggle's name ({@code modelcar}, {@code oci-model-support}): its key, as with keys
 * @param targetResourceVersion the target's resourceVersion the preview showed; required to write (428 without,
 *                              412 when the target changed since)
 * @param sourceResourceVersion the source's resourceVersion the preview showed; when given, 412 if the source
 *                              changed since
 * @param dryRun                answer the diff and what would be written; write nothing
 * @param confirm               a {@code staging} target's name, typed as confirmation
 * @param restart               restart the target's controller after the write
 */
record PromotionRequest(
        @JsonDeserialize(using = StrictJson.Text.class) String source,
        @JsonDeserialize(using = StrictJson.Text.class) String target,
        List<String> keys,
        @JsonDeserialize(using = StrictJson.Text.class) String toggle,
        @JsonDeserialize(using = StrictJson.Text.class) String targetResourceVersion,
        @JsonDeserialize(using = StrictJson.Text.class) String sourceResourceVersion,
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean dryRun,
        @JsonDeserialize(using = StrictJson.Text.class) String confirm,
        @JsonDeserialize(using = StrictJson.Flag.class) Boolean restart) {

    PromotionRequest {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    boolean withRestart() {
        return Boolean.TRUE.equals(restart);
    }
}
