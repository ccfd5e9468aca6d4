package io.modelcar.console.images;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status resource of one build, as the API and the page show it.
 *
 * @param id         the build's id
 * @param state      {@code Pending}, {@code Building}, {@code Pushing}, {@code Succeeded} or {@code Failed}
 * @param progress   0 to 100
 * @param message    what happens now, or the outcome
 * @param steps      what happened so far, oldest first
 * @param image      {@code registry/repository:tag}
 * @param files      regular files in the model
 * @param bytes      their total size
 * @param digest     the pushed manifest's digest, once {@code Succeeded}
 * @param uri        {@code oci://registry/repository:tag@digest}, ready for an InferenceService's storageUri
 * @param error      a Problem Details object when {@code Failed}
 * @param startedAt  when the build was accepted
 * @param finishedAt when it ended, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ImageBuild(String id, State state, int progress, String message, List<Step> steps, String image, int files,
        long bytes, String digest, String uri, Map<String, Object> error, Instant startedAt, Instant finishedAt) {

    enum State {
        Pending, Building, Pushing, Succeeded, Failed;

        boolean finished() {
            return this == Succeeded || this == Failed;
        }
    }

    /** One thing that happened, with when. */
    record Step(Instant at, String message) {
    }
}
