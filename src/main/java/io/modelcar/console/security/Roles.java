package io.modelcar.console.security;

import java.util.Locale;

/**
 * The console's roles. Each includes the ones below it: admin &gt; operator &gt; viewer.
 */
public final class Roles {

    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }

    /** The Spring Security role name for a configured role such as {@code operator}. */
    static String normalize(String role) {
        String upper = role.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("ROLE_") ? upper.substring(5) : upper;
    }
}
