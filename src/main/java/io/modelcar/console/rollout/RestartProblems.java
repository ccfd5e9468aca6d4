package io.modelcar.console.rollout;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/** The rollout feature's problems, each with its own stable type. */
final class RestartProblems {

    static final URI CONTROLLER_PAUSED = ProblemTypes.of("controller-paused");
    static final URI RESTART_IN_PROGRESS = ProblemTypes.of("restart-in-progress");
    static final URI UNSAFE_STARTUP_CONFIG = ProblemTypes.of("controller-startup-config-invalid");
    static final URI CONTROLLER_NOT_FOUND = ProblemTypes.of("controller-not-found");
    static final URI RESTART_NOT_FOUND = ProblemTypes.of("restart-not-found");
    static final URI UNKNOWN_STRATEGY = ProblemTypes.of("unknown-restart-strategy");
    static final URI OUTCOME_UNKNOWN = ProblemTypes.of("restart-outcome-unknown");

    private RestartProblems() {
    }

    static ProblemException paused(String target) {
        return new ProblemException(HttpStatus.CONFLICT, CONTROLLER_PAUSED, "Controller Deployment paused",
                "The Deployment " + target + " is paused (spec.paused), so a restart would never roll out. Resume it "
                        + "first (kubectl rollout resume).");
    }

    /**
     * The API server gave no clear answer to the restart's patch (or pod deletion): it may have been made. 503 with
     * the restart's record, which the console follows and settles (applied and rolling, or not applied).
     */
    static ProblemException outcomeUnknown(RestartRecord pending) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, OUTCOME_UNKNOWN, "Restart outcome unknown",
                "The Kubernetes API server gave no clear answer to restart " + pending.id() + " of "
                        + pending.deployment() + ": it may or may not have been applied. The console follows it; "
                        + "look at its record before restarting again.")
                .with("restartId", pending.id())
                .withHeader("Location", "/api/v1/kserve/controller/restarts/" + pending.id());
    }

    static ProblemException inProgress(RestartRecord running) {
        return new ProblemException(HttpStatus.CONFLICT, RESTART_IN_PROGRESS, "Restart already in progress",
                "Restart " + running.id() + " (started " + running.startedAt() + " by " + running.actor()
                        + ") is still " + running.state() + "; wait for it to finish.")
                .with("runningRestartId", running.id())
                .withHeader("Location", "/api/v1/kserve/controller/restarts/" + running.id());
    }

    static ProblemException contention() {
        return new ProblemException(HttpStatus.CONFLICT, RESTART_IN_PROGRESS, "Restart already in progress",
                "Another restart was being started at the same moment; look at the recent restarts and try again.");
    }

    static ProblemException unsafeConfig(List<StartupKeyProblem> problems) {
        StartupKeyProblem first = problems.get(0);
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, UNSAFE_STARTUP_CONFIG,
                "Restart would crash the controller",
                "Not restarted: inferenceservice-config key \"" + first.key() + "\" " + first.message() + "."
                        + (problems.size() > 1 ? " (" + (problems.size() - 1) + " more in errors)" : ""))
                .with("errors", problems.stream().map(p -> Map.of("key", p.key(), "field", p.key(),
                        "message", p.message())).toList());
    }

    static ProblemException controllerNotFound(String namespace) {
        return new ProblemException(HttpStatus.NOT_FOUND, CONTROLLER_NOT_FOUND, "KServe controller not found",
                "No KServe controller Deployment was found" + (namespace == null ? "." : " in " + namespace + "."));
    }

    static ProblemException restartNotFound(String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, RESTART_NOT_FOUND, "Restart not found",
                "There is no restart " + id + " among the recent restarts.");
    }

    static ProblemException unknownStrategy(String strategy) {
        return new ProblemException(HttpStatus.BAD_REQUEST, UNKNOWN_STRATEGY, "Unknown restart strategy",
                "Strategy \"" + strategy + "\" is not rollout or delete-pods.");
    }
}
