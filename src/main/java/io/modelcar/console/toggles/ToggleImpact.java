package io.modelcar.console.toggles;

import java.util.List;

import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.rollout.RestartAdvice;

/**
 * What flipping a toggle would do, shown before the flip.
 *
 * @param flipTo           the state the flip would set
 * @param modeBefore       how a bare {@code oci://} is handled now: modelcar, native, fetch, or "" (not at all)
 * @param modeAfter        how it would be handled after the flip
 * @param count            how many InferenceServices use a bare {@code oci://} URI
 * @param summary          one sentence, e.g. "12 InferenceServices use oci://; turning Modelcars off makes their
 *                         next pods fail"
 * @param inferenceServices exactly those InferenceServices
 * @param restartNeeded    whether the KServe controller must be restarted for the change to apply
 * @param restartAdvice    what to do about the controller and the running pods, for this KServe version
 */
record ToggleImpact(boolean flipTo, String modeBefore, String modeAfter, int count, String summary,
        List<OciUser> inferenceServices, boolean restartNeeded, String restartAdvice) {

    static ToggleImpact of(ToggleSpec toggle, boolean flipTo, String modeBefore, String modeAfter,
            List<OciUser> users, KServeVersion version) {
        RestartAdvice advice = RestartAdvice.afterStorageInitializerChange(version);
        return new ToggleImpact(flipTo, modeBefore, modeAfter, users.size(),
                summary(toggle, flipTo, modeBefore, modeAfter, users.size()), List.copyOf(users),
                advice.restartNeeded(), advice.summary());
    }

    static String summary(ToggleSpec toggle, boolean flipTo, String before, String after, int count) {
        String users = count == 1 ? "1 InferenceService uses oci://" : count + " InferenceServices use oci://";
        String flip = "turning " + toggle.title() + (flipTo ? " on" : " off");
        if (before.equals(after)) {
            return users + "; " + flip + " changes nothing for them: oci:// stays "
                    + (after.isEmpty() ? "unsupported" : "handled as " + after)
                    + (after.isEmpty() || flipTo ? "." : " (another key keeps it so: enableModelcar, "
                            + "enableOciModelSupport or ociModelMode).");
        }
        if (after.isEmpty()) {
            return users + "; " + flip + " makes their next pods fail (the storage-initializer cannot read oci://: "
                    + "\"Cannot recognize storage type\"). Running pods keep working until they are recreated.";
        }
        if (before.isEmpty()) {
            return users + "; " + flip + " lets their next pods load the model as " + describe(after)
                    + " (pods that failed before start working once they are recreated).";
        }
        return users + "; " + flip + " makes their next pods load the model as " + describe(after)
                + " instead of " + describe(before) + ".";
    }

    private static String describe(String mode) {
        return switch (mode) {
            case "modelcar" -> "a modelcar sidecar";
            case "native" -> "a native image volume";
            // storage_initializer_injector.go (v0.20): "fetch" takes the modelcar branch, nothing is downloaded
            case "fetch" -> "a modelcar sidecar (KServe v0.20 serves ociModelMode fetch through the modelcar path)";
            default -> mode;
        };
    }
}
