package io.modelcar.console.images;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The audit records of the images feature (issue 14, point 4): who built, resolved or asked for pins, what, with
 * which pull secret, and how it ended. Log lines only (the target is an image, not a Kubernetes object).
 */
@Component
class ImagesAudit {

    private final AuditLog log;

    @org.springframework.beans.factory.annotation.Autowired
    ImagesAudit(ObjectProvider<AuditLog> log) {
        this.log = log.getIfAvailable();
    }

    private ImagesAudit() {
        this.log = null;
    }

    /** Records nothing (components wired by hand in tests). */
    static ImagesAudit none() {
        return new ImagesAudit();
    }

    void record(String actor, String action, String image, AuditEvent.Outcome outcome, String detail) {
        if (log != null) {
            log.record(new AuditEvent(actor, action, new AuditEvent.Target("Image", null, image, null), null, null,
                    outcome, detail));
        }
    }

    static String secret(PullSecrets.SecretRef ref) {
        return ref == null || ref.name() == null || ref.name().isBlank() ? "none"
                : ref.namespace() + "/" + ref.name();
    }
}
