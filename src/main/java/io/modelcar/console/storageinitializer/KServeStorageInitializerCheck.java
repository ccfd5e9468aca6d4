package io.modelcar.console.storageinitializer;

import java.util.List;

import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.rollout.StorageInitializerCheck;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The restart pre-flight's storageInitializer check: this feature's validator (what the given KServe release would
 * reject: JSON types, required quantities, {@code ociModelMode}), errors only. It plugs into the rollout feature's
 * {@link StorageInitializerCheck} seam, so that rollout does not depend on this feature.
 */
@Component
public final class KServeStorageInitializerCheck implements StorageInitializerCheck {

    private final JsonMapper json;

    public KServeStorageInitializerCheck(JsonMapper json) {
        this.json = json;
    }

    @Override
    public List<String> problems(String raw, KServeVersion version) {
        JsonNode config;
        try {
            config = json.readTree(raw);
        } catch (JacksonException e) {
            return List.of("is not valid JSON (KServe panics unmarshalling it)");
        }
        return StorageInitializerValidator.validate(config, version).errors().stream()
                .map(KServeStorageInitializerCheck::describe).toList();
    }

    private static String describe(FieldProblem problem) {
        return problem.field() == null || problem.field().isEmpty() ? problem.message()
                : problem.field() + ": " + problem.message();
    }
}
