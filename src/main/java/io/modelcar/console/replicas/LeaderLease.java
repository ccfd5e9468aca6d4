package io.modelcar.console.replicas;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.modelcar.console.kubernetes.KServeDiscovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Which console replica does the background work: the holder of a Kubernetes Lease (fabric8's leader election).
 * Background jobs ask {@link #leads()} before each run; a replica that becomes leader runs the
 * {@link #whenLeading(Runnable) hand-over tasks} at once. A replica that stops releases the Lease after the web
 * server has finished its in-flight requests, so another replica leads within {@code retryPeriod}; a replica that
 * dies holds it for at most {@code leaseDuration}. While the API server cannot be reached nobody leads.
 */
@Component
public class LeaderLease implements SmartLifecycle {

    /** After the web server's graceful shutdown (which stops at phase {@code DEFAULT_PHASE - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

    private final KubernetesClient client;
    private final KServeDiscovery discovery;
    private final ReplicaProperties properties;
    private final String identity;
    private final List<Runnable> handOverTasks = new CopyOnWriteArrayList<>();
    /** One per start: a stopped context can be started again (Spring's restart, a paused test context). */
    private volatile ExecutorService executor;
    private volatile boolean running;
    private volatile boolean leading;
    private volatile String leader;
    private volatile CompletableFuture<?> election;
    private volatile String namespace;

    @Autowired
    public LeaderLease(KubernetesClient client, KServeDiscovery discovery, ReplicaProperties properties) {
        this(client, discovery, properties, replicaName());
    }

    LeaderLease(KubernetesClient client, KServeDiscovery discovery, ReplicaProperties properties, String identity) {
        this.client = client;
        this.discovery = discovery;
        this.properties = properties;
        this.identity = identity;
    }

    /** True while this replica holds the Lease. */
    public boolean leads() {
        return leading;
    }

    /** The holder of the Lease as last seen, or null. */
    public String leader() {
        return leader;
    }

    public String identity() {
        return identity;
    }

    /** Runs {@code task} (off the caller's thread) each time this replica becomes leader. */
    public void whenLeading(Runnable task) {
        handOverTasks.add(task);
    }

    @Override
    public synchronized void start() {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "leader-lease");
            t.setDaemon(true);
            return t;
        });
        running = true;
        // off the starting thread: finding the KServe namespace is a request to the API server, and the context's
        // start (and so readiness) must not wait for it
        executor.execute(this::elect);
    }

    private synchronized void elect() {
        if (!running) {
            return;
        }
        String namespace;
        try {
            namespace = discovery.installation().namespace();
        } catch (RuntimeException e) {
            log.debug("Leader election waits for the KServe namespace ({})", e.getMessage());
            electAgainLater();
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(properties.leaseName())
                .withLock(new LeaseLock(namespace, properties.leaseName(), identity))
                .withLeaseDuration(properties.leaseDuration())
                .withRenewDeadline(properties.renewDeadline())
                .withRetryPeriod(properties.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        holder -> leader = holder))
                .build()).build();
        CompletableFuture<?> current = elector.start();
        this.namespace = namespace;
        election = current;
        // leadership lost (renew deadline passed, the API server unreachable): stand for election again
        current.whenComplete((ignored, failure) -> {
            leading = false;
            if (running && !current.isCancelled()) {
                electAgainLater();
            }
        });
    }

    private void electAgainLater() {
        ExecutorService pool = executor;
        try {
            CompletableFuture.delayedExecutor(properties.retryPeriod().toMillis(), TimeUnit.MILLISECONDS, pool)
                    .execute(this::elect);
        } catch (RejectedExecutionException e) {
            log.debug("Not standing for election again: this replica stopped");
        }
    }

    private void startedLeading() {
        leading = true;
        leader = identity;
        log.info("This console replica ({}) now does the background work (Lease {})", identity,
                properties.leaseName());
        ExecutorService pool = executor;
        for (Runnable task : handOverTasks) {
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("A hand-over task failed: {}", e.getMessage());
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("Hand-over task not run: this replica stopped");
            }
        }
    }

    private void stoppedLeading() {
        if (leading) {
            log.info("This console replica ({}) no longer does the background work", identity);
        }
        leading = false;
    }

    /** Stops standing for election and releases the Lease if held. */
    @Override
    public void stop() {
        CompletableFuture<?> current;
        synchronized (this) {
            running = false;
            current = election;
        }
        if (current != null) {
            current.cancel(true);
            releaseIfHeld();
        }
        leading = false;
        ExecutorService pool = executor;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * Gives the Lease up before this replica stops (the elector's own release on cancel is not awaited): no holder,
     * written with the resourceVersion read, so a newer holder is never overwritten.
     */
    private void releaseIfHeld() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                Lease lease = client.leases().inNamespace(namespace).withName(properties.leaseName()).get();
                if (lease == null || lease.getSpec() == null
                        || !identity.equals(lease.getSpec().getHolderIdentity())) {
                    return;
                }
                lease.getSpec().setHolderIdentity(null);
                lease.getSpec().setLeaseDurationSeconds(1);
                client.leases().inNamespace(namespace).resource(lease).update();
                log.info("This console replica ({}) released the Lease {}", identity, properties.leaseName());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 3) {
                    log.warn("Could not release the Lease {} ({}); another replica leads once it runs out",
                            properties.leaseName(), e.getMessage());
                    return;
                }
                // a renewal still in flight changed it: read it again
            } catch (RuntimeException e) {
                log.warn("Could not release the Lease {} ({}); another replica leads once it runs out",
                        properties.leaseName(), e.getMessage());
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static String replicaName() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "console" : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
