package io.modelcar.console.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The audit trail of every write and every refused write: one JSON line on the logger {@code audit}, and a
 * Kubernetes Event on the object concerned (best effort: failing to create the Event never fails the write).
 */
@Component
public class AuditLog {

    static final String LOGGER = "audit";
    static final String COMPONENT = "modelcar-console";
    private static final Logger audit = LoggerFactory.getLogger(LOGGER);
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final AuditProperties properties;

    public AuditLog(KubernetesClient client, AuditProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    public void record(AuditEvent event) {
        audit.info(line(event));
        if (!properties.kubernetesEvents()) {
            return;
        }
        try {
            createEvent(event);
        } catch (RuntimeException e) {
            log.warn("Could not create a Kubernetes Event for the audit record of {} ({})", event.action(),
                    e.getClass().getSimpleName());
        }
    }

    /** The audit record as one line of JSON. */
    static String line(AuditEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", Instant.now().toString());
        fields.put("actor", event.actor());
        fields.put("action", event.action());
        fields.put("target", event.target() == null ? null : event.target().toString());
        fields.put("resourceVersionBefore", event.resourceVersionBefore());
        fields.put("resourceVersionAfter", event.resourceVersionAfter());
        fields.put("outcome", event.outcome().name().toLowerCase());
        fields.put("detail", event.detail());
        return JSON.writeValueAsString(fields);
    }

    private void createEvent(AuditEvent event) {
        AuditEvent.Target target = event.target();
        if (target == null || target.namespace() == null) {
            return;
        }
        String now = Instant.now().toString();
        boolean ok = event.outcome() == AuditEvent.Outcome.SUCCESS || event.outcome() == AuditEvent.Outcome.UNCHANGED
                || event.outcome() == AuditEvent.Outcome.REQUESTED;
        String message = event.actor() + ": " + event.action() + " " + event.outcome().name().toLowerCase()
                + (event.detail() == null ? "" : ": " + event.detail());
        // unique like kubectl's event names: the object's name, then a time-based suffix
        String name = target.name() + "." + Long.toHexString(System.nanoTime())
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
        client.v1().events().inNamespace(target.namespace()).resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(target.namespace())
                .addToLabels("app.kubernetes.io/managed-by", COMPONENT).endMetadata()
                .withNewInvolvedObject().withApiVersion(apiVersion(target.kind())).withKind(target.kind())
                .withNamespace(target.namespace()).withName(target.name()).endInvolvedObject()
                .withType(ok ? "Normal" : "Warning")
                .withReason(reason(event))
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build()).create();
    }

    /** The involved object's apiVersion: the console audits ConfigMaps (core) and Deployments (apps). */
    static String apiVersion(String kind) {
        return "Deployment".equals(kind) ? "apps/v1" : "v1";
    }

    private static String reason(AuditEvent event) {
        return switch (event.outcome()) {
            case SUCCESS -> "ConsoleChange";
            case UNCHANGED -> "ConsoleNoChange";
            case REFUSED -> "ConsoleChangeRefused";
            case FAILED -> "ConsoleChangeFailed";
            case REQUESTED -> "ConsoleChangeRequested";
        };
    }
}
