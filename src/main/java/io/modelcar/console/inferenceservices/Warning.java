package io.modelcar.console.inferenceservices;

/**
 * Something about an InferenceService that will fail or costs time, and what to do about it.
 *
 * @param code    stable code: {@code latest-tag}, {@code untagged}, {@code invalid-reference}, {@code uppercase},
 *                {@code modelcar-disabled}, {@code image-pull-error}, {@code unsupported-scheme},
 *                {@code modelcar-not-injected}
 * @param message what is wrong, in one sentence
 * @param path    the spec field it is about, or null when it concerns the whole InferenceService
 * @param remedy  what to do about it
 */
public record Warning(String code, String message, String path, String remedy) {

    public static final String LATEST_TAG = "latest-tag";
    public static final String UNTAGGED = "untagged";
    public static final String INVALID_REFERENCE = "invalid-reference";
    public static final String UPPERCASE = "uppercase";
    public static final String MODELCAR_DISABLED = "modelcar-disabled";
    public static final String IMAGE_PULL_ERROR = "image-pull-error";
    public static final String UNSUPPORTED_SCHEME = "unsupported-scheme";
    public static final String MODELCAR_NOT_INJECTED = "modelcar-not-injected";

    Warning at(String fieldPath) {
        return new Warning(code, message, fieldPath, remedy);
    }
}
