package io.modelcar.console.storageinitializer;

import java.net.URI;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/** The feature's other problems, each with its own stable type. */
final class StorageInitializerProblems {

    static final URI STORED_VALUE_NOT_JSON = ProblemTypes.of("stored-value-not-json");
    static final URI HISTORY_ENTRY_NOT_FOUND = ProblemTypes.of("history-entry-not-found");

    private StorageInitializerProblems() {
    }

    static ProblemException configMapNotFound(String namespace, String name) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Configuration not found",
                "ConfigMap " + namespace + "/" + name + " does not exist.");
    }

    static ProblemException keyNotFound(String namespace, String name) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Configuration not found",
                "ConfigMap " + namespace + "/" + name + " has no storageInitializer key. PUT a value (with the "
                        + "ConfigMap's resourceVersion in If-Match) to create it.");
    }

    static ProblemException storedValueNotJson(ConfigJson.ParseError error) {
        return new ProblemException(HttpStatus.CONFLICT, STORED_VALUE_NOT_JSON, "Stored value is not valid JSON",
                "The stored storageInitializer is not valid JSON, so a merge patch cannot apply. Replace the whole "
                        + "value with PUT.").with("parseError", error);
    }

    static ProblemException historyEntryNotFound(String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, HISTORY_ENTRY_NOT_FOUND, "History entry not found",
                "No history entry with id " + id + " (the history keeps only the most recent changes).");
    }

    static ProblemException preconditionRequired() {
        return new ProblemException(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.PRECONDITION_REQUIRED,
                "If-Match required", "Send If-Match with the ETag of GET /api/v1/storage-initializer so that a "
                        + "concurrent change is never overwritten. Nothing was written.");
    }

    static ProblemException malformedJson(ConfigJson.ParseError error) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, "Malformed JSON",
                "The body is not valid JSON: " + error.message() + " (line " + error.line() + ", column "
                        + error.column() + "). Nothing was written.").with("parseError", error);
    }

    static ProblemException payloadTooLarge(long limit) {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Body too large",
                "The body is larger than " + limit + " bytes. Nothing was written.");
    }

    static ProblemException unsupportedMediaType(String contentType, String expected) {
        return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type", "Content-Type " + (contentType == null ? "(none)" : contentType)
                        + " is not accepted here; send " + expected + ". Nothing was written.");
    }
}
