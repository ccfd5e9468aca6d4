package io.modelcar.console.fleet;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcar.console.rollout.RestartView;
import io.modelcar.console.storageinitializer.ConfigJson;
import io.modelcar.console.storageinitializer.FieldProblem;

/**
 * A promotion's answer: what was (or, on a dry run, would be) written on the target, key by key.
 *
 * @param source                the source cluster
 * @param sourceResourceVersion the source's resourceVersion the value was taken at
 * @param target                the target cluster
 * @param targetEnvironment     the target's environment class (what guards the write)
 * @param kserveVersion         the target's KServe version, which the value was validated for
 * @param dryRun                nothing was written
 * @param resourceVersion       the target's resourceVersion now: after the write, or the one to send back
 *                              ({@code targetResourceVersion}) to write what the dry run showed
 * @param keys                  the keys promoted; empty: the whole value
 * @param diff                  the target's keys that change (before: the target's, after: the source's)
 * @param problems              what the target's KServe version would ignore in the result (notices)
 * @param confirmationRequired  the text to type as {@code confirm} to write (a staging target), else null
 * @param restart               the target controller's restart, when asked for and started
 * @param restartError          why the restart was refused or could not be started (the value is written all the
 *                              same)
 */
public record Promotion(String source, String sourceResourceVersion, String target, String targetEnvironment,
        String kserveVersion, boolean dryRun, String resourceVersion, List<String> keys,
        List<ConfigJson.KeyChange> diff, List<FieldProblem> problems,
        @JsonInclude(JsonInclude.Include.NON_NULL) String confirmationRequired,
        @JsonInclude(JsonInclude.Include.NON_NULL) RestartView restart,
        @JsonInclude(JsonInclude.Include.NON_NULL) String restartError) {
}
