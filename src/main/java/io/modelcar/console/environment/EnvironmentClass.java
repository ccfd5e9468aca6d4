package io.modelcar.console.environment;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The class of the managed cluster. It decides how freely feature toggles may be flipped: in one click on
 * {@code test}, with a typed confirmation on {@code staging}, not at all on {@code production} (changes there go
 * through the full configuration flow).
 */
public enum EnvironmentClass {
    TEST, STAGING, PRODUCTION;

    /** The lower-case name used in labels, properties, the API and CSS classes. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code test}, {@code staging} or {@code production} (case and surrounding blanks ignored). */
    public static Optional<EnvironmentClass> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (EnvironmentClass value : values()) {
            if (value.id().equals(wanted)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
