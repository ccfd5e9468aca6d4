package io.modelcar.console.storageinitializer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * The storage-initializer configuration as the API and the page show it (api.md, GET
 * /api/v1/storage-initializer). {@code dryRun} and {@code diff} are present only in answers to a dry run.
 */
public record StorageInitializerView(
        String namespace,
        String configMap,
        String key,
        String resourceVersion,
        String kserveVersion,
        boolean valid,
        JsonNode config,
        String raw,
        ConfigJson.ParseError parseError,
        List<FieldProblem> problems,
        Ownership.ManagedBy managedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ConfigJson.KeyChange> diff) {

    /** The {@code ETag} header value. */
    public String etag() {
        return "\"" + resourceVersion + "\"";
    }

    /**
     * The resourceVersion in an {@code If-Match} header ({@code "12"}, {@code W/"12"} or {@code 12}), as
     * {@link #etag()} writes it; null if absent or {@code *}.
     */
    public static String resourceVersionIn(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() || "*".equals(value) ? null : value;
    }

    StorageInitializerView asDryRun(List<ConfigJson.KeyChange> changes) {
        return new StorageInitializerView(namespace, configMap, key, resourceVersion, kserveVersion, valid, config,
                raw, parseError, problems, managedBy, true, changes);
    }

    StorageInitializerView withDiff(List<ConfigJson.KeyChange> changes) {
        return new StorageInitializerView(namespace, configMap, key, resourceVersion, kserveVersion, valid, config,
                raw, parseError, problems, managedBy, dryRun, changes);
    }
}
