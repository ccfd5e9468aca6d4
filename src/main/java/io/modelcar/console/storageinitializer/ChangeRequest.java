package io.modelcar.console.storageinitializer;

import tools.jackson.databind.JsonNode;

/**
 * A change of the configuration, for {@link StorageInitializerService#apply(ChangeRequest)}.
 *
 * @param expectedResourceVersion the version the change is based on; when null the change (a merge patch) is
 *                                applied to whatever is current, retried a bounded number of times on conflict
 * @param change                  the whole new object, or a merge patch
 * @param actor                   who asks (user name)
 * @param source                  where from: {@code api}, {@code page}, {@code toggle}, {@code rollback}, ...
 * @param dryRun                  validate and answer what would be stored, write nothing
 * @param origin                  a promotion's source, {@code <cluster>@<resourceVersion>}; null otherwise
 */
public record ChangeRequest(String expectedResourceVersion, Change change, String actor, String source,
        boolean dryRun, String origin) {

    /** A change that is not a promotion from another cluster. */
    public ChangeRequest(String expectedResourceVersion, Change change, String actor, String source,
            boolean dryRun) {
        this(expectedResourceVersion, change, actor, source, dryRun, null);
    }

    /** What to change. */
    public sealed interface Change permits Replace, MergePatch {
    }

    /** Replace the whole object. */
    public record Replace(JsonNode config) implements Change {
    }

    /** RFC 7396 merge patch over the stored object. */
    public record MergePatch(JsonNode patch) implements Change {
    }

    public static ChangeRequest replace(String expectedResourceVersion, JsonNode config, String actor, String source,
            boolean dryRun) {
        return new ChangeRequest(expectedResourceVersion, new Replace(config), actor, source, dryRun);
    }

    public static ChangeRequest mergePatch(String expectedResourceVersion, JsonNode patch, String actor,
            String source, boolean dryRun) {
        return new ChangeRequest(expectedResourceVersion, new MergePatch(patch), actor, source, dryRun);
    }
}
