package io.modelcar.console.fleet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.clusters.ClusterContexts;
import io.modelcar.console.environment.EnvironmentClass;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.rollout.ControllerRestartService;
import io.modelcar.console.security.ClusterRoles;
import io.modelcar.console.rollout.RestartView;
import io.modelcar.console.storageinitializer.ChangeRequest;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.storageinitializer.StorageInitializerView;
import io.modelcar.console.toggles.ToggleKeys;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Promotion: the source cluster's {@code storageInitializer} (whole, some keys, or a toggle's key) written to the
 * target cluster through the target's own write path ({@link StorageInitializerService#apply}): validated for the
 * target's KServe version, locked to the target's resourceVersion the user saw, guarded by the target's environment
 * (production: admins only, by the target's write rule; staging: the target's name typed as confirmation), recorded
 * in the target's history and audit with the source and its version, and in the source's history and audit log
 * with the target and the version written there.
 */
@Service
class PromotionService {

    static final java.net.URI CONFIRMATION_REQUIRED = ProblemTypes.of("confirmation-required");
    static final java.net.URI SOURCE_CHANGED = ProblemTypes.of("source-changed");
    private static final Logger log = LoggerFactory.getLogger(PromotionService.class);

    private final ClusterContexts clusters;
    private final ClusterRoles roles;

    PromotionService(ClusterContexts clusters, ClusterRoles roles) {
        this.clusters = clusters;
        this.roles = roles;
    }

    Promotion promote(PromotionRequest request, String actor) {
        if (request.source() != null && request.target() != null) {
            // the user's role on each cluster decides (console.clusters.*.roles): reading the source, changing the
            // target, and the target's own guards (production: admins) see the role on the target
            require(request.source(), "ROLE_VIEWER", "read");
            require(request.target(), "ROLE_OPERATOR", "change");
            return roles.on(request.target(), () -> promoteAsTargetRole(request, actor));
        }
        // no target named, so no cluster's role can decide: a user who may change no cluster at all is refused as
        // such (403) before the request is judged (400)
        requireChangeSomewhere();
        return promoteAsTargetRole(request, actor);
    }

    /** 403 unless the current user may change the configuration of at least one cluster (operator there). */
    void requireChangeSomewhere() {
        if (clusters.names().stream().noneMatch(cluster -> roles.allows(cluster, "ROLE_OPERATOR"))) {
            throw forbidden(String.join(", ", clusters.names()), "change");
        }
    }

    /** 403 unless the current user's role on {@code cluster} includes {@code authority}. */
    private void require(String cluster, String authority, String verb) {
        if (!roles.allows(cluster, authority)) {
            throw forbidden(cluster, verb);
        }
    }

    private static ProblemException forbidden(String cluster, String verb) {
        return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden on this cluster",
                "Your role on cluster " + cluster + " does not allow you to " + verb + " its configuration. "
                + "Nothing was written.").with("cluster", cluster);
    }

    private Promotion promoteAsTargetRole(PromotionRequest request, String actor) {
        if (request.source() == null || request.target() == null) {
            throw invalid("source and target are required");
        }
        if (request.source().equals(request.target())) {
            throw invalid("source and target are the same cluster");
        }
        StorageInitializerService sourceService = clusters.bean(request.source(), StorageInitializerService.class);
        StorageInitializerService targetService = clusters.bean(request.target(), StorageInitializerService.class);
        List<String> keys = keys(request);
        if (!request.isDryRun() && request.targetResourceVersion() == null) {
            throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.PRECONDITION_REQUIRED,
                    "targetResourceVersion required", "A promotion writes only on top of the target's version the "
                    + "diff was shown for: send targetResourceVersion (from a dry run). Nothing was written.");
        }
        StorageInitializerView source = sourceService.current();
        if (request.sourceResourceVersion() != null
                && !request.sourceResourceVersion().equals(source.resourceVersion())) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, SOURCE_CHANGED, "Source changed",
                    "The source's configuration changed since the diff was shown (now version "
                            + source.resourceVersion() + "). Look at the diff again. Nothing was written.")
                    .with("currentSourceResourceVersion", source.resourceVersion());
        }
        if (source.config() == null || !source.config().isObject()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_CONFIGURATION,
                    "Source not valid", "The source cluster's storageInitializer is not a JSON object; repair it "
                    + "there first. Nothing was written.");
        }
        EnvironmentClass environment = clusters.bean(request.target(), EnvironmentService.class).current();
        String confirmation = environment == EnvironmentClass.STAGING ? request.target() : null;
        if (!request.isDryRun() && confirmation != null && !confirmation.equals(request.confirm())) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, CONFIRMATION_REQUIRED,
                    "Confirmation required", "The target is a staging cluster: type its name ('" + confirmation
                    + "') as confirm to write. Nothing was written.").with("confirm", confirmation);
        }
        String origin = request.source() + "@" + source.resourceVersion();
        ChangeRequest.Change change = keys.isEmpty() ? new ChangeRequest.Replace(source.config())
                : new ChangeRequest.MergePatch(patch(source.config(), keys));
        StorageInitializerView written;
        try {
            written = targetService.apply(new ChangeRequest(request.isDryRun() ? null
                    : request.targetResourceVersion(), change, actor, "promotion", request.isDryRun(), origin));
        } catch (RuntimeException e) {
            if (!request.isDryRun()) {
                auditSource(request, actor, source, null, AuditEvent.Outcome.REFUSED,
                        "promotion to " + request.target() + " not written: " + reason(e));
            }
            throw e;
        }
        RestartView restart = null;
        String restartError = null;
        if (!request.isDryRun()) {
            auditSource(request, actor, source, written.resourceVersion(), AuditEvent.Outcome.SUCCESS,
                    "promoted to " + request.target() + "@" + written.resourceVersion() + ", keys "
                            + (keys.isEmpty() ? "all" : keys));
            if (written.diff() != null && !written.diff().isEmpty()) {
                sourceService.recordPromotedTo(source, actor, request.target() + "@" + written.resourceVersion(),
                        written.diff());
            }
            if (request.withRestart()) {
                try {
                    restart = clusters.bean(request.target(), ControllerRestartService.class).start(actor, null);
                } catch (ProblemException e) {
                    restartError = e.getMessage();
                } catch (ClusterUnreachableException e) {
                    // the value is written and audited: the restart's failure is reported, not the promotion's
                    restartError = "The target's Kubernetes API server did not answer, so its controller restart "
                            + "could not be started; the value is written. Look at the target's recent restarts, "
                            + "then restart its controller again.";
                } catch (RuntimeException e) {
                    log.warn("Promoted to {} but its controller restart failed", request.target(), e);
                    restartError = "The target's controller restart could not be started ("
                            + e.getClass().getSimpleName() + "); the value is written. Look at the target's recent "
                            + "restarts, then restart its controller again.";
                }
            }
        }
        return new Promotion(request.source(), source.resourceVersion(), request.target(), environment.id(),
                written.kserveVersion(), request.isDryRun(), written.resourceVersion(), keys,
                written.diff() == null ? List.of() : written.diff(), written.problems(), confirmation, restart,
                restartError);
    }

    private static List<String> keys(PromotionRequest request) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : request.keys()) {
            if (key == null || key.isBlank()) {
                throw invalid("keys must be non-empty strings");
            }
            keys.add(key);
        }
        if (request.toggle() != null) {
            keys.add(ToggleKeys.keyOf(request.toggle()).orElseThrow(() -> invalid("unknown toggle '"
                    + request.toggle().replaceAll("[^A-Za-z0-9-]", "?") + "'")));
        }
        return new ArrayList<>(keys);
    }

    /** The source's values of {@code keys}; a key the source lacks is removed on the target (null in a merge patch). */
    private static JsonNode patch(JsonNode source, List<String> keys) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (String key : keys) {
            JsonNode value = source.get(key);
            patch.set(key, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return patch;
    }

    private void auditSource(PromotionRequest request, String actor, StorageInitializerView source, String after,
            AuditEvent.Outcome outcome, String detail) {
        try {
            clusters.bean(request.source(), AuditLog.class).record(new AuditEvent(actor,
                    "storage-initializer.promote", new AuditEvent.Target("ConfigMap", source.namespace(),
                    source.configMap(), source.key()), source.resourceVersion(), after, outcome,
                    detail + "; source " + request.source() + "@" + source.resourceVersion()));
        } catch (RuntimeException e) {
            // the target's own audit has the promotion; the source's record is a courtesy that must not fail it
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof ProblemException problem ? problem.title() : e.getClass().getSimpleName();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid promotion",
                detail + ". Nothing was written.");
    }
}
