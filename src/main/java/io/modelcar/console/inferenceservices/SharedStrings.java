package io.modelcar.console.inferenceservices;

/**
 * One instance per distinct text for values that repeat across thousands of InferenceServices and pods
 * (namespaces, phases, condition types and reasons, timestamps, container states, registries). Backed by the JVM's
 * string table, whose entries are garbage-collected once nothing refers to them: sharing never leaks.
 */
final class SharedStrings {

    private SharedStrings() {
    }

    static String share(String text) {
        return text == null ? null : text.intern();
    }
}
