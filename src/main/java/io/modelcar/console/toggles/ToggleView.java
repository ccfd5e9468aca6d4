package io.modelcar.console.toggles;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcar.console.rollout.RestartView;

/**
 * One toggle as the API and the page show it (api.md, GET /api/v1/toggles).
 *
 * @param name                 {@code modelcar} or {@code oci-model-support}
 * @param enabled              the key's current value
 * @param key                  the {@code storageInitializer} key
 * @param editable             whether it may be flipped here (false on production clusters, and for viewers on the
 *                             page)
 * @param impact               what flipping it now would do
 * @param lastChange           the newest change of its key in the history, or null
 * @param expiresAt            when a pending timed flip of it runs out, or null
 * @param mode                 {@code ociModelMode} as written (oci-model-support only), or null
 * @param resolvedMode         how KServe handles a bare {@code oci://} now: modelcar, native, fetch, or "" (not)
 * @param title                a human name
 * @param confirmationRequired whether the toggle's name must be typed to flip it (staging)
 * @param environment          test, staging or production
 * @param restart              the controller restart started with the flip ("flip and restart"), else absent
 * @param restartProblem       why that restart was refused or could not be started (the flip stands), else absent
 */
record ToggleView(String name, boolean enabled, String key, boolean editable, ToggleImpact impact,
        LastChange lastChange, Instant expiresAt, String mode, String resolvedMode, String title,
        boolean confirmationRequired, String environment,
        @JsonInclude(JsonInclude.Include.NON_NULL) RestartView restart,
        @JsonInclude(JsonInclude.Include.NON_NULL) String restartProblem) {

    ToggleView withRestart(RestartView started, String problem) {
        return new ToggleView(name, enabled, key, editable, impact, lastChange, expiresAt, mode, resolvedMode, title,
                confirmationRequired, environment, started, problem);
    }

    /**
     * @param actor  who
     * @param at     when
     * @param source how: api, page, toggle, rollback, expiry, kill-switch
     */
    record LastChange(String actor, Instant at, String source) {
    }
}
