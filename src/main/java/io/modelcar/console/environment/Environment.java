package io.modelcar.console.environment;

/**
 * The environment class of the managed cluster and where it came from.
 *
 * @param environmentClass test, staging or production
 * @param source           {@code label} (the KServe namespace's {@code modelcar-console/environment} label) or
 *                         {@code property} ({@code console.environment}, used when the label is absent)
 * @param detail           a short explanation, e.g. that an unrecognised label value is treated as production
 */
public record Environment(EnvironmentClass environmentClass, String source, String detail) {

    public String id() {
        return environmentClass.id();
    }
}
