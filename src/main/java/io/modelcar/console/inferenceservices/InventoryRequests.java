package io.modelcar.console.inferenceservices;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * Turns list filters as they arrive over HTTP (API and pages alike) into an {@link InventoryQuery}, refusing what
 * makes no sense with a 400 that says which parameter is wrong.
 */
final class InventoryRequests {

    private InventoryRequests() {
    }

    static InventoryQuery query(String namespace, String q, String oci, String warning, String verdict, Integer limit,
            String cursor, InventoryProperties properties) {
        Boolean ociFilter = null;
        if (oci != null && !oci.isBlank()) {
            if ("true".equalsIgnoreCase(oci)) {
                ociFilter = true;
            } else if ("false".equalsIgnoreCase(oci)) {
                ociFilter = false;
            } else {
                throw invalid("oci", "must be true or false");
            }
        }
        int size = limit == null ? properties.pageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw invalid("limit", "must be between 1 and " + properties.maxPageSize());
        }
        if (verdict != null && !verdict.isBlank() && !Verdicts.ALL.contains(verdict)) {
            throw invalid("verdict", "must be one of " + String.join(", ", Verdicts.ALL));
        }
        return new InventoryQuery(blankToNull(namespace), blankToNull(q), ociFilter, blankToNull(warning),
                blankToNull(verdict), size, decode(cursor));
    }

    static String encode(String key) {
        return key == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("v1:") || !text.contains(" ")) {
                throw invalid("continue", "is not a cursor this server handed out");
            }
            return text.substring(3);
        } catch (IllegalArgumentException e) {
            throw invalid("continue", "is not a cursor this server handed out");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid parameter",
                "Parameter '" + parameter + "' " + message + ".")
                .with("errors", List.of(Map.of("field", parameter, "message", message)));
    }
}
