package io.modelcar.console.testsupport;

import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something a test needs from the machine (a tool, a built control plane, a browser), checked per test method so
 * that a missing one is <em>reported</em>: every test of the class counts as skipped, with one line that names what
 * is missing and how to get it. With {@code CI=true} in the environment a missing prerequisite fails each test
 * instead, so that CI never passes by skipping.
 *
 * <p>Register it as a static field, before any extension that would use the tool:
 * {@code @RegisterExtension static final Prerequisite PROMTOOL = Prerequisite.of("promtool", () -> ..., "apt-get install prometheus");}
 * A class-level set-up ({@code @BeforeAll}) must not start what is missing: guard it with {@link #present()}.
 * An assumption in a class set-up is not the way: Surefire then drops the class's tests from its counts.
 */
public final class Prerequisite implements ExecutionCondition {

    private final String what;
    private final BooleanSupplier check;
    private final String howToGet;
    private Boolean present;
    /** For {@link #allOf}: the prerequisites joined, the first missing one names itself. */
    private java.util.List<Prerequisite> parts = java.util.List.of();

    private Prerequisite(String what, BooleanSupplier check, String howToGet) {
        this.what = what;
        this.check = check;
        this.howToGet = howToGet;
    }

    /**
     * @param what     what is needed, as a reader would name it ("Chromium", "the control plane binaries")
     * @param check    true when it is there (asked once, lazily)
     * @param howToGet the command or step that provides it ("apt-get install chromium", ".ci/run")
     */
    public static Prerequisite of(String what, BooleanSupplier check, String howToGet) {
        return new Prerequisite(what, check, howToGet);
    }

    /** All of them: present when each is; the message names the first missing one and how to get it. */
    public static Prerequisite allOf(Prerequisite... all) {
        Prerequisite joined = new Prerequisite(null, () -> java.util.Arrays.stream(all).allMatch(Prerequisite::present),
                null);
        joined.parts = java.util.List.of(all);
        return joined;
    }

    /** True when {@code CI=true}: a missing prerequisite is then a failure, not a skip. */
    public static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public synchronized boolean present() {
        if (present == null) {
            present = check.getAsBoolean();
        }
        return present;
    }

    /** The one line a skipped or failed test shows. */
    public String missingMessage() {
        for (Prerequisite part : parts) {
            if (!part.present()) {
                return part.missingMessage();
            }
        }
        return what + " is missing: " + howToGet;
    }

    /**
     * For a check inside a test method or a per-test set-up: returns when present, skips the test (an assumption)
     * when missing, fails it under {@code CI=true}.
     */
    public void require() {
        if (present()) {
            return;
        }
        if (strict()) {
            throw new IllegalStateException("CI=true and " + missingMessage());
        }
        Assumptions.abort(missingMessage());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || present()) {
            return ConditionEvaluationResult.enabled((what == null ? "all prerequisites" : what) + " present");
        }
        if (strict()) {
            throw new IllegalStateException("CI=true and " + missingMessage());
        }
        return ConditionEvaluationResult.disabled(missingMessage());
    }
}
