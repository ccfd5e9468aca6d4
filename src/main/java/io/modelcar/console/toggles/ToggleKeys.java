package io.modelcar.console.toggles;

import java.util.Optional;

/** Which {@code storageInitializer} key each toggle flips, for features that move a toggle's state elsewhere. */
public final class ToggleKeys {

    private ToggleKeys() {
    }

    /** The key the named toggle flips; empty for an unknown toggle name. */
    public static Optional<String> keyOf(String toggle) {
        return ToggleSpec.ALL.stream().filter(t -> t.name().equals(toggle)).map(ToggleSpec::key).findFirst();
    }
}
