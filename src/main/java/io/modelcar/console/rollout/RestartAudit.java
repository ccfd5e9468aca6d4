package io.modelcar.console.rollout;

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

    RestartAudit(AuditLog log) {
        this.log = log;
    }

    void requested(String actor, String target, String detail) {
        record(actor, target, AuditEvent.Outcome.REQUESTED, detail);
    }

    void refused(String actor, String target, String detail) {
        record(actor, target, AuditEvent.Outcome.REFUSED, detail);
    }

    void succeeded(String actor, String target, String detail) {
        record(actor, target, AuditEvent.Outcome.SUCCESS, detail);
    }

    void failed(String actor, String target, String detail) {
        record(actor, target, AuditEvent.Outcome.FAILED, detail);
    }

    private void record(String actor, String target, AuditEvent.Outcome outcome, String detail) {
        String namespace = target != null && target.contains("/") ? target.substring(0, target.indexOf('/')) : null;
        String name = target != null && target.contains("/") ? target.substring(target.indexOf('/') + 1) : target;
        log.record(new AuditEvent(actor, ACTION, new AuditEvent.Target("Deployment", namespace, name, null), null,
                null, outcome, detail));
    }
}
