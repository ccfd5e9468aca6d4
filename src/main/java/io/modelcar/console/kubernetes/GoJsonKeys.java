package io.modelcar.console.kubernetes;

import java.util.Collection;
import java.util.function.Function;

/**
 * How KServe's Go code ({@code encoding/json} Unmarshal into a struct) finds the field for a JSON key: an exact tag
 * match first, else a case-insensitive one; keys that match nothing are ignored, and when a key appears twice the
 * last value wins (the callers decode in document order, so a later key overwrites an earlier one). The one place
 * for this rule: the configuration validator ({@code storageInitializer}) and the restart pre-flight (the keys read
 * at start-up) both ask it.
 */
public final class GoJsonKeys {

    private GoJsonKeys() {
    }

    /** The candidate Go would decode {@code jsonKey} into, or null; candidates are in the struct's field order. */
    public static <T> T match(String jsonKey, Collection<T> candidates, Function<T, String> tag) {
        T folded = null;
        for (T candidate : candidates) {
            String name = tag.apply(candidate);
            if (name.equals(jsonKey)) {
                return candidate;
            }
            if (folded == null && name.equalsIgnoreCase(jsonKey)) {
                folded = candidate;
            }
        }
        return folded;
    }
}
