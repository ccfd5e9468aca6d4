package io.modelcar.console.toggles;

import java.net.URI;

import io.modelcar.console.environment.EnvironmentClass;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/** The toggle feature's problems, each with its own stable type. */
final class ToggleProblems {

    /** Toggles are read-only in this environment: use the configuration flow. */
    static final URI ENVIRONMENT_PROTECTED = ProblemTypes.of("environment-protected");
    /** Staging: the toggle's name must be typed to confirm. */
    static final URI CONFIRMATION_REQUIRED = ProblemTypes.of("confirmation-required");
    static final URI TOGGLE_NOT_FOUND = ProblemTypes.of("toggle-not-found");

    private ToggleProblems() {
    }

    static ProblemException environmentProtected(EnvironmentClass environment) {
        return new ProblemException(HttpStatus.CONFLICT, ENVIRONMENT_PROTECTED, "Environment protected",
                "This is a " + environment.id() + " cluster: toggles are read-only here. Change the configuration "
                        + "through the full configuration flow instead (the /configuration page, or PUT "
                        + "/api/v1/storage-initializer with If-Match). Nothing was written.")
                .with("environment", environment.id())
                .with("configurationPage", "/configuration")
                .with("configurationApi", "/api/v1/storage-initializer");
    }

    static ProblemException confirmationRequired(String expected) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, CONFIRMATION_REQUIRED, "Confirmation required",
                "This is a staging cluster: type the name '" + expected + "' in \"confirm\" to flip it. Nothing "
                        + "was written.").with("environment", EnvironmentClass.STAGING.id())
                .with("expectedConfirmation", expected);
    }

    static ProblemException notFound(String name) {
        return new ProblemException(HttpStatus.NOT_FOUND, TOGGLE_NOT_FOUND, "Toggle not found",
                "There is no toggle '" + name + "' for this KServe version (modelcar; oci-model-support from "
                        + "v0.20.0).");
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                detail + " Nothing was written.");
    }

    static ProblemException preconditionRequired() {
        return new ProblemException(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.PRECONDITION_REQUIRED,
                "If-Match required", "Send If-Match with the ETag of GET /api/v1/toggles (the same as GET "
                        + "/api/v1/storage-initializer) so that a concurrent change is never overwritten. Nothing "
                        + "was written.");
    }
}
