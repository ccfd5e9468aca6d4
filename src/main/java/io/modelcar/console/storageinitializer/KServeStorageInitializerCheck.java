package io.modelcar.console.storageinitializer;

import java.util.List;

import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.rollout.StorageInitializerCheck;

import org.springframework.stereotype.Component;

/**
 * The restart pre-flight's storageInitializer check: this feature's validator (what the given KServe release would
 * reject: JSON types, required quantities, {@code ociModelMode}), errors only. It plugs into the rollout feature's
 * {@link StorageInitializerCheck} seam, so that rollout does not depend on this feature.
 */
@Component
public final class KServeStorageInitializerCheck implements StorageInitializerCheck {

    @Override
    public List<String> problems(String raw, KServeVersion version) {
        // parsed as the configuration page parses it (trailing text, every occurrence of a repeated key), so that
        // the pre-flight and the page never disagree on the same stored value
        ConfigJson.Parsed parsed = raw == null ? null : ConfigJson.parse(raw);
        if (parsed == null || !parsed.ok()) {
            return List.of("is not valid JSON (KServe panics unmarshalling it)");
        }
        return StorageInitializerValidator.validate(parsed.value(), ConfigJson.occurrences(raw), version).errors()
                .stream()
                .map(KServeStorageInitializerCheck::describe).toList();
    }

    private static String describe(FieldProblem problem) {
        return problem.field() == null || problem.field().isEmpty() ? problem.message()
                : problem.field() + ": " + problem.message();
    }
}
