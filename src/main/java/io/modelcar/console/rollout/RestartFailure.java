package io.modelcar.console.rollout;

/**
 * Why a restart failed, with the evidence from the new pod when there is one.
 *
 * @param reason               e.g. {@code ProgressDeadlineExceeded}, {@code CrashLoopBackOff}, {@code PatchFailed}
 * @param pod                  the new pod that did not become Ready, or null
 * @param container            its failing container, or null
 * @param waitingReason        the container's waiting reason, e.g. {@code CrashLoopBackOff}
 * @param lastTerminatedReason the reason of its last termination, e.g. {@code Error}
 * @param exitCode             the exit code of its last termination
 */
public record RestartFailure(String reason, String pod, String container, String waitingReason,
        String lastTerminatedReason, Integer exitCode, Integer restartCount) {

    static RestartFailure of(String reason) {
        return new RestartFailure(reason, null, null, null, null, null, null);
    }

    /** One sentence for people. */
    public String describe() {
        StringBuilder text = new StringBuilder(reason);
        if (pod != null) {
            text.append(": container ").append(container).append(" of new pod ").append(pod);
            if (waitingReason != null) {
                text.append(" is in ").append(waitingReason);
            }
            if (restartCount != null && restartCount > 0) {
                text.append(" (restarted ").append(restartCount).append(restartCount == 1 ? " time)" : " times)");
            }
            if (exitCode != null) {
                text.append("; last terminated: ").append(lastTerminatedReason == null ? "exit" : lastTerminatedReason)
                        .append(", exit code ").append(exitCode);
            }
        }
        return text.toString();
    }
}
