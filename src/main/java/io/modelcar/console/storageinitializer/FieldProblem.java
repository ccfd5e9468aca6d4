package io.modelcar.console.storageinitializer;

/**
 * Something about one key of the configuration: an error (KServe would reject the value) or a notice (KServe
 * ignores or reinterprets the key).
 *
 * @param field    the JSON key, or {@code ""} for the whole value
 * @param message  what is wrong, for people
 * @param severity {@code error} or {@code notice}
 */
public record FieldProblem(String field, String message, String severity) {

    static FieldProblem error(String field, String message) {
        return new FieldProblem(field, message, "error");
    }

    static FieldProblem notice(String field, String message) {
        return new FieldProblem(field, message, "notice");
    }

    public boolean isError() {
        return "error".equals(severity);
    }
}
