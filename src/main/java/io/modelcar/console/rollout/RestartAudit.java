package io.modelcar.console.rollout;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One structured line per restart requested, refused, succeeded and failed, on the logger {@code audit}, as JSON
 * {@code {actor, action, target, outcome, detail}}. Stands in for the shared {@code audit.AuditLog} until that
 * lands; swap the body of {@link #record} for it then.
 */
@Component
class RestartAudit {

    static final String LOGGER = "audit";
    static final String ACTION = "controller.restart";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final JsonMapper json;

    RestartAudit(JsonMapper json) {
        this.json = json;
    }

    void requested(String actor, String target, String detail) {
        record(actor, target, "requested", detail);
    }

    void refused(String actor, String target, String detail) {
        record(actor, target, "refused", detail);
    }

    void succeeded(String actor, String target, String detail) {
        record(actor, target, "succeeded", detail);
    }

    void failed(String actor, String target, String detail) {
        record(actor, target, "failed", detail);
    }

    void record(String actor, String target, String outcome, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("actor", actor);
        line.put("action", ACTION);
        line.put("target", target);
        line.put("outcome", outcome);
        line.put("detail", detail);
        log.info(json.writeValueAsString(line));
    }
}
