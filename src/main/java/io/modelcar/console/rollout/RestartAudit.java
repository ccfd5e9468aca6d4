package io.modelcar.console.rollout;

import java.time.Duration;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;

import org.springframework.stereotype.Component;

/**
 * The audit records of controller restarts, through the console's {@link AuditLog} (one JSON line on the logger
 * {@code audit} and a Kubernetes Event on the Deployment): action {@code controller.restart}, outcome
 * {@code requested}, {@code refused}, {@code success} or {@code failed}.
 */
@Component
class RestartAudit {

    static final String LOGGER = "audit";
    static final String ACTION = "controller.restart";

    private final AuditLog log;
    private final RestartMetrics metrics;

    RestartAudit(AuditLog log, RestartMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    void requested(String actor, String target, String detail) {
        metrics.counted("requested");
        record(actor, target, AuditEvent.Outcome.REQUESTED, detail);
    }

    void refused(String actor, String target, String detail) {
        metrics.counted("refused");
        record(actor, target, AuditEvent.Outcome.REFUSED, detail);
    }

    /** A restart that failed before it was tracked (the request to the API server failed). */
    void failed(String actor, String target, String detail) {
        metrics.counted("failed");
        record(actor, target, AuditEvent.Outcome.FAILED, detail);
    }

    /** A tracked restart came to its end: succeeded or failed, after {@code took}. */
    void finished(RestartRecord restart, String detail) {
        boolean succeeded = restart.state() == RestartState.Succeeded;
        metrics.finished(succeeded ? "succeeded" : "failed", restart.startedAt() == null || restart.finishedAt() == null
                ? null : Duration.between(restart.startedAt(), restart.finishedAt()));
        record(restart.actor(), restart.deployment(), succeeded ? AuditEvent.Outcome.SUCCESS
                : AuditEvent.Outcome.FAILED, detail);
    }

    private void record(String actor, String target, AuditEvent.Outcome outcome, String detail) {
        String namespace = target != null && target.contains("/") ? target.substring(0, target.indexOf('/')) : null;
        String name = target != null && target.contains("/") ? target.substring(target.indexOf('/') + 1) : target;
        log.record(new AuditEvent(actor, ACTION, new AuditEvent.Target("Deployment", namespace, name, null), null,
                null, outcome, detail));
    }
}
