package io.modelcar.console.toggles;

import io.modelcar.console.environment.EnvironmentClass;

/**
 * Who may flip what where: one click on test clusters, the typed name of the toggle on staging, never on production
 * (changes there go through the configuration flow, where admins can still act).
 */
final class ToggleGuard {

    private ToggleGuard() {
    }

    /** Throws the Problem that refuses the flip; returns when it may go ahead. */
    static void check(EnvironmentClass environment, String name, String confirmation) {
        switch (environment) {
            case TEST -> {
            }
            case STAGING -> {
                if (confirmation == null || !confirmation.trim().equals(name)) {
                    throw ToggleProblems.confirmationRequired(name);
                }
            }
            case PRODUCTION -> throw ToggleProblems.environmentProtected(environment);
        }
    }

    static boolean editable(EnvironmentClass environment) {
        return environment != EnvironmentClass.PRODUCTION;
    }

    static boolean needsConfirmation(EnvironmentClass environment) {
        return environment == EnvironmentClass.STAGING;
    }
}
