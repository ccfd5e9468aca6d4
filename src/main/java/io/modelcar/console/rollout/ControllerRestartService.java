package io.modelcar.console.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.ControllerDeployment;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Restarts the KServe controller safely: refuses when the Deployment is paused, when another restart runs, or when
 * a key the controller reads at start-up would crash it; then rolls it ({@code restartedAt} patch, or deleting the
 * pods) and hands it to the {@link RestartTracker}. Public for the configuration page's "Save and restart".
 */
@Service
public class ControllerRestartService {

    private static final int LOCK_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(ControllerRestartService.class);

    private final ControllerCluster cluster;
    private final KServeDiscovery discovery;
    private final RestartRecords records;
    private final RestartTracker tracker;
    private final StartupConfigValidator validator;
    private final RolloutProperties properties;
    private final RestartAudit audit;
    private final Clock clock;
    private final KServeWriteRule writeRule;

    ControllerRestartService(ControllerCluster cluster, KServeDiscovery discovery, RestartRecords records,
            RestartTracker tracker, StartupConfigValidator validator, RolloutProperties properties,
            RestartAudit audit, Clock clock, KServeWriteRule writeRule) {
        this.writeRule = writeRule;
        this.cluster = cluster;
        this.discovery = discovery;
        this.records = records;
        this.tracker = tracker;
        this.validator = validator;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** The strategy used when the caller names none. */
    public String defaultStrategy() {
        return properties.defaultStrategy().id();
    }

    /**
     * Starts a restart and returns its record (state Progressing). Throws a {@link ProblemException} (409 paused,
     * 409 in progress, 422 unsafe configuration, 404 no controller, 400 unknown strategy) when it refuses.
     */
    public RestartView start(String actor, String strategyName) {
        writeRule.check(KServeWriteRule.KServeChange.RESTART);
        KServeInstallation installation = discovery.installation();
        String target = installation.namespace() + "/"
                + (installation.controllerName() == null ? "?" : installation.controllerName());
        audit.requested(actor, target, "strategy=" + (strategyName == null ? defaultStrategy() : strategyName));
        try {
            return RestartView.of(doStart(actor, strategyName, installation, target));
        } catch (ProblemException e) {
            audit.refused(actor, target, e.status().value() + " " + e.title() + ": " + e.getMessage());
            throw e;
        }
    }

    private RestartRecord doStart(String actor, String strategyName, KServeInstallation installation, String target) {
        RestartStrategy strategy = strategyName == null || strategyName.isBlank() ? properties.defaultStrategy()
                : RestartStrategy.parse(strategyName).orElseThrow(() -> RestartProblems.unknownStrategy(strategyName));
        if (!installation.controllerFound()) {
            throw RestartProblems.controllerNotFound(installation.namespace());
        }
        String namespace = installation.namespace();
        ControllerDeployment deployment = cluster.deployment(namespace, installation.controllerName())
                .orElseThrow(() -> RestartProblems.controllerNotFound(namespace));
        if (deployment.paused()) {
            throw RestartProblems.paused(target);
        }
        Map<String, String> config = cluster.kserveConfig(namespace, installation.configMapName());
        List<StartupKeyProblem> problems = validator.validate(config, installation.version(), cluster::served);
        if (!problems.isEmpty()) {
            throw RestartProblems.unsafeConfig(problems);
        }
        Instant now = clock.instant();
        String restartedAt = restartedAt(now, deployment.restartedAt());
        List<String> oldPods = cluster.pods(namespace).stream().map(ControllerPod::name).toList();
        String advice = RestartAdvice.afterStorageInitializerChange(installation.version()).summary()
                + validator.storageInitializerDamage(config, installation.version()).stream()
                        .map(damage -> " Not fixed by the restart: " + damage + ".").reduce("", String::concat);
        RestartRecord pending = new RestartRecord(newId(now), strategy, RestartState.Pending, now, null, actor,
                target, restartedAt, oldPods, 0, "Starting the restart. " + advice, null, tracker.replicaId(), now);
        lock(pending);
        try {
            if (strategy == RestartStrategy.ROLLOUT) {
                cluster.patchRestartedAt(namespace, deployment.name(), restartedAt);
            } else {
                cluster.deleteControllerPods(namespace);
            }
        } catch (RuntimeException e) {
            if (mayHaveApplied(e)) {
                // No answer, or the API server failed on its side: the patch (or the deletion) may have been made.
                // The record stays Pending and is followed: the tracker tells an applied restart from the Deployment
                // or the pods, and calls one that never happened not applied once it is stale. Saying "nothing was
                // restarted" here could be false, and a retry would restart twice.
                log.warn("Controller restart {}: no clear answer from the API server ({}); following it",
                        pending.id(), e.getMessage());
                tracker.track(pending.id());
                throw RestartProblems.outcomeUnknown(pending);
            }
            // the API server's own reason when it gave one (the Deployment deleted meanwhile: 404 "not found")
            String why = e instanceof ProblemException p ? p.getMessage()
                    : e instanceof ClusterRequestFailedException c && c.serverMessage() != null ? c.serverMessage()
                    : "the Kubernetes API refused it";
            RestartRecord failed = pending.progressed(RestartState.Failed, 0, "The restart could not be applied: "
                    + why + ". Nothing was restarted.", RestartFailure.of("NotApplied"), clock.instant(),
                    tracker.replicaId());
            records.update(pending.id(), r -> failed);
            audit.failed(actor, target, "id=" + pending.id() + ": " + failed.message());
            throw e;
        }
        String how = strategy == RestartStrategy.ROLLOUT ? "Rolling restart of " + target + " started (restartedAt "
                + restartedAt + ")" : "Deleted the controller pods of " + target;
        // From here on the restart is applied: nothing below may answer or record that nothing was restarted.
        RestartRecord progressing = pending.progressed(RestartState.Progressing, 10,
                how + "; following the rollout. " + advice, null, clock.instant(), tracker.replicaId());
        RestartRecord known;
        try {
            // a tracker that already found the applied restart (and moved the record on) is not overwritten
            known = records.update(pending.id(), r -> r.state() == RestartState.Pending ? progressing : r)
                    .orElse(progressing);
        } catch (RuntimeException e) {
            // The record stays Pending for now; the tracker tells an applied restart from the Deployment (or the
            // pods) and moves it on, here or on the leader.
            log.warn("Controller restart {} is applied but its record could not say so yet ({}); the tracker will",
                    pending.id(), e.getMessage());
            known = progressing;
        }
        discovery.refresh();
        tracker.track(pending.id());
        return known;
    }

    /** Whether a failed patch or deletion may still have been made: no answer came, or the server failed. */
    private static boolean mayHaveApplied(RuntimeException e) {
        return e instanceof ClusterUnreachableException || e instanceof ClusterRequestFailedException c
                && c.kind() == ClusterRequestFailedException.Kind.SERVER_FAILED;
    }

    /** Writes the Pending record unless another restart runs: the rv-locked write is the cross-replica lock. */
    private void lock(RestartRecord pending) {
        Duration deadline = Duration.ofSeconds(ControllerCluster.DEFAULT_PROGRESS_DEADLINE)
                .plus(properties.deadlineGrace());
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            RestartLog log = records.read();
            Optional<RestartRecord> running = log.running(pending.startedAt(), properties.staleAfter(), deadline);
            if (running.isPresent()) {
                throw RestartProblems.inProgress(running.get());
            }
            try {
                records.write(log.add(pending, properties.history()));
                return;
            } catch (StaleRestartLogException e) {
                // someone wrote in between: look again whether it was a restart
            }
        }
        throw RestartProblems.contention();
    }

    /** RFC 3339 like kubectl; with milliseconds when the template already carries this second's value. */
    static String restartedAt(Instant now, String current) {
        String seconds = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return seconds.equals(current) ? now.truncatedTo(ChronoUnit.MILLIS).toString() : seconds;
    }

    private static String newId(Instant now) {
        return Long.toString(now.getEpochSecond(), 36) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    public RestartView get(String id) {
        return records.read().find(id).map(RestartView::of).orElseThrow(() -> RestartProblems.restartNotFound(id));
    }

    public List<RestartView> recent() {
        return records.read().restarts().stream().map(RestartView::of).toList();
    }

    /** The controller Deployment and its pods, for the page and {@code GET /api/v1/kserve}. */
    public ControllerState status() {
        KServeInstallation installation = discovery.installation();
        if (!installation.controllerFound()) {
            return new ControllerState(installation, null, List.of());
        }
        return new ControllerState(installation,
                cluster.deployment(installation.namespace(), installation.controllerName()).orElse(null),
                cluster.pods(installation.namespace()));
    }
}
