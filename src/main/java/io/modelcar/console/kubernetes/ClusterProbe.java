package io.modelcar.console.kubernetes;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Asks the API server for its version at a fixed interval, so that {@link ClusterState} (and readiness) notices an
 * outage and a recovery even when nobody uses the console. Runs on its own daemon thread: a hanging API server must
 * not block the application's scheduler. Logs transitions only, once each, without response bodies.
 *
 * <p>Probing starts as soon as the bean exists, not when the context's lifecycles start at the end of its refresh:
 * the first request (the client's first connection and TLS handshake) then runs beside the rest of the start-up, and
 * readiness, which waits for an answer, is up as soon as the context is (under load the first answer came 0.8-1.9 s
 * after "Started" before: docs/benchmarks.md, runs S to U).
 */
@Component
class ClusterProbe implements SmartLifecycle, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterProbe.class);

    private final KubernetesClient client;
    private final ClusterState state;
    private final ClusterHealthProperties properties;
    private volatile ScheduledExecutorService executor;
    private volatile Boolean wasReachable;

    ClusterProbe(KubernetesClient client, ClusterState state, ClusterHealthProperties properties) {
        this.client = client;
        this.state = state;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        start();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cluster-probe");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::probe, 0, properties.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void probe() {
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            // the interceptor has recorded the failure; anything else (e.g. a parse error) still proves contact
        }
        boolean reachable = state.reachable();
        if (wasReachable == null || wasReachable != reachable) {
            if (reachable) {
                log.info("Kubernetes API server reachable");
            } else {
                log.warn("Kubernetes API server unreachable: {}", state.lastError().orElse("unknown"));
            }
            wasReachable = reachable;
        }
    }

    @Override
    public void destroy() {
        stop(); // also when the context fails to start, when no lifecycle is stopped
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
