package io.modelcar.console.storageinitializer;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * The ConfigMap changed since the version the caller read: nothing was written. Carries the current version so
 * that the caller can re-read and retry.
 */
public class StaleResourceVersion extends ProblemException {

    private final String currentResourceVersion;

    public StaleResourceVersion(String expected, String current) {
        super(HttpStatus.PRECONDITION_FAILED, ProblemTypes.STALE_RESOURCE_VERSION, "Stale resource version",
                "The configuration changed since version " + expected + " (now " + current
                        + "). Nothing was written: re-read it and apply your change again.");
        this.currentResourceVersion = current;
        with("currentResourceVersion", current);
        if (current != null) {
            withHeader("ETag", "\"" + current + "\"");
        }
    }

    public String currentResourceVersion() {
        return currentResourceVersion;
    }
}
