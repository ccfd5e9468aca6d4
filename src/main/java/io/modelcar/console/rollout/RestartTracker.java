package io.modelcar.console.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.ControllerDeployment;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.replicas.LeaderLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows running restarts by polling the Deployment and the controller pods (GET only) and writes each change of
 * state into the record, until Succeeded or Failed. Also takes over running restarts whose tracker went silent
 * (a console replica that stopped or restarted), so the record always reaches a final state. Taking over is the
 * {@link LeaderLease} holder's job (at once when it becomes leader, then every resume interval); a replica that
 * stops hands its restarts back (no tracker) after its in-flight requests, so the leader takes them over without
 * waiting for their heartbeat to go stale.
 */
@Component
class RestartTracker implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RestartTracker.class);

    private final ControllerCluster cluster;
    private final RestartRecords records;
    private final KServeDiscovery discovery;
    private final RolloutProperties properties;
    private final RestartAudit audit;
    private final Clock clock;
    private final RolloutProgress progress;
    private final String replicaId;
    private final ScheduledExecutorService executor;
    private final Map<String, ScheduledFuture<?>> tracking = new ConcurrentHashMap<>();
    private BooleanSupplier leads = () -> true;
    private volatile boolean running;

    @Autowired
    RestartTracker(ControllerCluster cluster, RestartRecords records, KServeDiscovery discovery,
            RolloutProperties properties, RestartAudit audit, Clock clock, LeaderLease lease) {
        // the same name as in the Lease: one identity per replica in every record
        this(cluster, records, discovery, properties, audit, clock, lease.identity());
        this.leads = lease::leads;
        lease.whenLeading(this::resumeAbandoned);
    }

    RestartTracker(ControllerCluster cluster, RestartRecords records, KServeDiscovery discovery,
            RolloutProperties properties, RestartAudit audit, Clock clock, String replicaId) {
        this.cluster = cluster;
        this.records = records;
        this.discovery = discovery;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
        this.replicaId = replicaId;
        this.progress = new RolloutProgress(properties.crashLoopRestarts(), properties.deadlineGrace());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "restart-tracker");
            t.setDaemon(true);
            return t;
        });
    }

    String replicaId() {
        return replicaId;
    }

    /** Starts following a restart on this replica (no-op when it already does). */
    void track(String id) {
        tracking.computeIfAbsent(id, key -> executor.scheduleWithFixedDelay(() -> poll(key),
                properties.pollInterval().toMillis(), properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    boolean tracks(String id) {
        return tracking.containsKey(id);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startResuming() {
        executor.scheduleWithFixedDelay(() -> {
            if (leads.getAsBoolean()) {
                resumeAbandoned();
            }
        }, 0, properties.resumeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Hands every restart this replica follows back, for the leader to take over at once. */
    @Override
    public void stop() {
        running = false;
        for (String id : List.copyOf(tracking.keySet())) {
            stop(id);
            try {
                records.update(id, r -> r.state().running() && replicaId.equals(r.trackedBy()) ? r.released() : r);
                log.info("Controller restart {} handed over: this console replica stops", id);
            } catch (RuntimeException e) {
                log.warn("Controller restart {} not handed over ({}); another replica takes it over once its "
                        + "heartbeat is stale", id, e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server finished its in-flight requests, before the Lease is released. */
    @Override
    public int getPhase() {
        return LeaderLease.PHASE + 1;
    }

    /** Takes over every running restart that no live replica follows. */
    void resumeAbandoned() {
        try {
            Instant now = clock.instant();
            for (RestartRecord r : records.read().restarts()) {
                if (r.state().running() && !tracks(r.id())
                        && (replicaId.equals(r.trackedBy()) || r.abandoned(now, properties.staleAfter()))) {
                    log.info("Resuming tracking of controller restart {} (tracker {} silent)", r.id(), r.trackedBy());
                    track(r.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for running controller restarts: {}", e.getMessage());
        }
    }

    /**
     * One look at the cluster for one restart. A poll that runs on after this replica stopped following the restart
     * (it was running when {@link #stop()} handed the restart over) writes nothing: its write would name this replica
     * as the tracker again, and the leader would wait until the record is stale instead of taking it over at once.
     */
    void poll(String id) {
        if (!tracks(id)) {
            return;
        }
        try {
            Instant now = clock.instant();
            RestartRecord current = records.read().find(id).orElse(null);
            if (current == null || !current.state().running()) {
                stop(id);
                return;
            }
            boolean mine = replicaId.equals(current.trackedBy());
            if (!mine && !current.abandoned(now, properties.staleAfter())) {
                stop(id); // another replica follows it
                return;
            }
            RolloutProgress.Evaluation e = current.state() == RestartState.Pending ? evaluatePending(current, now)
                    : evaluate(current, now);
            if (e == null) {
                return; // its start is still under way on its replica: nothing to say yet
            }
            boolean changed = e.state() != current.state() || e.percent() != current.percent()
                    || !Objects.equals(e.message(), current.message());
            boolean heartbeatDue = !mine || current.heartbeatAt() == null
                    || current.heartbeatAt().plus(properties.staleAfter().dividedBy(3)).isBefore(now);
            if (!changed && !heartbeatDue) {
                return;
            }
            java.util.concurrent.atomic.AtomicBoolean finishedByUs = new java.util.concurrent.atomic.AtomicBoolean();
            RestartRecord updated = records.update(id, r -> {
                if (!tracks(id)) {
                    return r; // handed over meanwhile
                }
                finishedByUs.set(r.state().running() && !e.state().running());
                return r.state().running() ? r.progressed(e.state(), e.percent(), e.message(), e.failure(), now,
                        replicaId) : r;
            }).orElse(null);
            if (updated == null || !updated.state().running()) {
                stop(id);
                if (updated != null && finishedByUs.get()) {
                    report(updated);
                }
            }
        } catch (StaleRestartLogException | ClusterUnreachableException e) {
            log.debug("Controller restart {}: will look again ({})", id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Controller restart {}: tracking failed this time: {}", id, e.getMessage());
        }
    }

    private RolloutProgress.Evaluation evaluate(RestartRecord restart, Instant now) {
        Observed observed = observe(restart);
        return progress.evaluate(restart, observed.deployment(), observed.pods(), now);
    }

    /**
     * A Pending record: written before its restart was applied, and not yet moved on. When the cluster shows the
     * restart applied (its replica patched the Deployment or deleted the pods, then could not update the record, or
     * stopped), it is followed like any other. Otherwise it waits while its replica may still be starting it, and
     * once its record is stale it failed without restarting anything. Null: nothing to say yet.
     */
    private RolloutProgress.Evaluation evaluatePending(RestartRecord restart, Instant now) {
        Observed observed = observe(restart);
        if (observed.deployment() == null || applied(restart, observed)) {
            return progress.evaluate(restart, observed.deployment(), observed.pods(), now);
        }
        if (!restart.abandoned(now, properties.staleAfter())) {
            return null;
        }
        return new RolloutProgress.Evaluation(RestartState.Failed, restart.percent(),
                "The console stopped before the restart was applied; nothing was restarted.",
                RestartFailure.of("NotApplied"));
    }

    /**
     * Whether the cluster shows the restart applied: rollout, the Deployment's restartedAt is the record's (or a
     * later one: another restart followed, which the evaluation calls Superseded); delete-pods, one of the pods that
     * existed at the start is gone or terminating.
     */
    static boolean applied(RestartRecord restart, Observed observed) {
        if (restart.strategy() == RestartStrategy.ROLLOUT) {
            String now = observed.deployment().restartedAt();
            if (now == null || restart.restartedAt() == null) {
                return false;
            }
            if (now.equals(restart.restartedAt())) {
                return true;
            }
            try {
                return !Instant.parse(now).isBefore(Instant.parse(restart.restartedAt()));
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        }
        List<String> left = observed.pods().stream().filter(p -> !p.terminating()).map(ControllerPod::name).toList();
        return restart.oldPods().stream().anyMatch(old -> !left.contains(old));
    }

    /** One look at the restart's Deployment and the controller pods. */
    record Observed(ControllerDeployment deployment, List<ControllerPod> pods) {
    }

    private Observed observe(RestartRecord restart) {
        KServeInstallation installation = discovery.installation();
        String name = restart.deployment() != null && restart.deployment().contains("/")
                ? restart.deployment().substring(restart.deployment().indexOf('/') + 1)
                : installation.controllerName();
        ControllerDeployment deployment = cluster.deployment(installation.namespace(), name).orElse(null);
        List<ControllerPod> pods = cluster.pods(installation.namespace());
        return new Observed(deployment, pods);
    }

    private void report(RestartRecord restart) {
        String detail = "id=" + restart.id() + " strategy=" + restart.strategy() + ": " + restart.message();
        audit.finished(restart, detail);
        discovery.refresh();
    }

    private void stop(String id) {
        ScheduledFuture<?> future = tracking.remove(id);
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    Duration pollInterval() {
        return properties.pollInterval();
    }
}
