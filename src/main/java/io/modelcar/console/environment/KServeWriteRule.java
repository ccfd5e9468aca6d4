package io.modelcar.console.environment;

/**
 * The check a service makes right before it changes KServe (api.md, roles: production reserves configuration
 * changes and controller restarts for admins). Services call it where the write happens, so that no route, flag or
 * dry-run parameter can go around it; only a dry run that really writes nothing skips it.
 */
@FunctionalInterface
public interface KServeWriteRule {

    /** What a caller is about to change. */
    enum KServeChange {
        CONFIGURATION, RESTART
    }

    /** Throws a 403 Problem (audited) when the caller may not make this change now. */
    void check(KServeChange change);

    /** No rule: for services wired by hand in tests of other features. */
    KServeWriteRule NONE = change -> {
    };
}
