package io.modelcar.console.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment controller and kubelet for the KServe controller Deployment only, because the in-memory API runs
 * none: on a new pod template (a new {@code restartedAt}: generation ahead of observedGeneration) it starts a new
 * pod after a short delay, makes it Ready, removes the old one and updates the Deployment status the way Kubernetes
 * does (observedGeneration, replicas, updated/ready/available replicas, Progressing condition
 * {@code NewReplicaSetAvailable}); when controller pods were deleted, it creates replacements.
 * <p>
 * Crash-loop switch: annotate the Deployment with {@code sandbox.modelcar-console.io/crash-loop: "true"} (or start
 * with {@code -Dsandbox.controller.crash-loop=true}, or call {@link #crashLoop(boolean)}): the new pod then
 * crash-loops ({@code CrashLoopBackOff}, last state terminated with exit code 1) and, after the simulated progress
 * deadline, the Deployment reports {@code Progressing=False ProgressDeadlineExceeded} while the old pod keeps serving.
 */
public final class ControllerRolloutSimulation implements AutoCloseable {

    public static final String CRASH_LOOP_ANNOTATION = "sandbox.modelcar-console.io/crash-loop";
    private static final Logger log = LoggerFactory.getLogger(ControllerRolloutSimulation.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Duration startDelay;
    private final Duration readyDelay;
    private final Duration deadline;
    private final ScheduledExecutorService executor;
    private volatile boolean crashLoop = Boolean.getBoolean("sandbox.controller.crash-loop");

    /** The rollout being simulated, if any. */
    private Rollout rollout;
    /** The pod template last rolled out: only a template change starts a rollout (not metadata edits). */
    private volatile String rolledOutTemplate;

    private static final class Rollout {
        final long generation;
        final Instant startedAt;
        final boolean replacePods; // true for deleted pods (no new template)
        final boolean crash;
        final List<String> newPods = new ArrayList<>();
        boolean podsCreated;
        boolean finished;
        Instant lastCrash;

        Rollout(long generation, Instant startedAt, boolean replacePods, boolean crash) {
            this.generation = generation;
            this.startedAt = startedAt;
            this.replacePods = replacePods;
            this.crash = crash;
        }
    }

    public ControllerRolloutSimulation(KubernetesClient client, String namespace, String name, Duration startDelay,
            Duration readyDelay, Duration deadline) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.startDelay = startDelay;
        this.readyDelay = readyDelay;
        this.deadline = deadline;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-controller-rollout");
            t.setDaemon(true);
            return t;
        });
    }

    /** The sandbox's timing: a rollout of a few seconds, a crash-looping one fails after about 20 s. */
    public static ControllerRolloutSimulation sandbox(KubernetesClient client, String namespace, String name) {
        return new ControllerRolloutSimulation(client, namespace, name, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(20));
    }

    public ControllerRolloutSimulation start() {
        // the template as rolled out now, read before anyone can change it (a later first tick could miss a restart)
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d != null) {
            rolledOutTemplate = String.valueOf(d.getSpec().getTemplate());
        }
        executor.scheduleWithFixedDelay(this::tick, 50, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Makes the next new pods crash-loop (true) or start normally (false). */
    public ControllerRolloutSimulation crashLoop(boolean crash) {
        this.crashLoop = crash;
        return this;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private synchronized void tick() {
        try {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (d == null) {
                return;
            }
            Instant now = Instant.now();
            long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
            DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
            long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
            int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            List<Pod> pods = pods(d);
            if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
                return;
            }
            String template = String.valueOf(d.getSpec().getTemplate());
            if (generation > observed && (rollout == null || rollout.generation != generation)) {
                if (template.equals(rolledOutTemplate)) {
                    observe(); // e.g. an annotation on the Deployment itself: nothing to roll
                    return;
                }
                rolledOutTemplate = template;
                rollout = new Rollout(generation, now, false, crashWanted(d));
            } else if ((rollout == null || rollout.finished) && pods.size() < desired) {
                rollout = new Rollout(generation, now, true, crashWanted(d));
            }
            if (rollout == null || rollout.finished) {
                return;
            }
            step(d, pods, desired, now);
        } catch (KubernetesClientException e) {
            log.debug("Sandbox rollout simulation: retrying after {}", e.getCode());
        } catch (RuntimeException e) {
            log.warn("Sandbox rollout simulation failed a step: {}", e.toString());
        }
    }

    private boolean crashWanted(Deployment d) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        return crashLoop || (annotations != null && "true".equals(annotations.get(CRASH_LOOP_ANNOTATION)));
    }

    private void step(Deployment d, List<Pod> pods, int desired, Instant now) {
        Rollout r = rollout;
        Duration elapsed = Duration.between(r.startedAt, now);
        if (!r.podsCreated) {
            if (elapsed.compareTo(startDelay) < 0) {
                return;
            }
            int missing = r.replacePods ? desired - pods.size() : desired;
            for (int i = 0; i < missing; i++) {
                r.newPods.add(createPod(d).getMetadata().getName());
            }
            r.podsCreated = true;
            List<Pod> now2 = pods(d);
            writeStatus(d, now2.size(), desired, readyCount(now2), condition("True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + name + "\" is progressing."));
            return;
        }
        if (r.crash) {
            if (r.lastCrash == null || Duration.between(r.lastCrash, now).compareTo(readyDelay) >= 0) {
                r.lastCrash = now;
                for (String pod : r.newPods) {
                    crash(pod);
                }
            }
            if (elapsed.compareTo(deadline) >= 0) {
                List<Pod> current = pods(d);
                writeStatus(d, current.size(), desired, readyCount(current), condition("False",
                        "ProgressDeadlineExceeded", "ReplicaSet \"" + name + "\" has timed out progressing."));
                r.finished = true;
            }
            return;
        }
        if (elapsed.compareTo(startDelay.plus(readyDelay)) < 0) {
            return;
        }
        for (String pod : r.newPods) {
            ready(pod);
        }
        for (Pod pod : pods) {
            if (!r.newPods.contains(pod.getMetadata().getName())) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            }
        }
        writeStatus(d, desired, desired, desired, condition("True", "NewReplicaSetAvailable",
                "ReplicaSet \"" + name + "\" has successfully progressed."));
        r.finished = true;
    }

    private List<Pod> pods(Deployment d) {
        return client.pods().inNamespace(namespace)
                .withLabels(d.getSpec().getSelector().getMatchLabels()).list().getItems();
    }

    private static int readyCount(List<Pod> pods) {
        return (int) pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
    }

    private Pod createPod(Deployment d) {
        Map<String, String> labels = new HashMap<>(d.getSpec().getTemplate().getMetadata().getLabels());
        Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
        String hash = Integer.toHexString((annotations == null ? "" : annotations.toString()).hashCode() & 0xfffff);
        labels.put("pod-template-hash", hash);
        String container = d.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
        String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name + "-" + hash + "-" + UUID.randomUUID().toString().substring(0, 5))
                .withNamespace(namespace).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName(container).withImage(image).endContainer().endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName(container).withReady(false)
                        .withRestartCount(0).withImage(image).withNewState().withNewWaiting()
                        .withReason("ContainerCreating").endWaiting().endState().build())
                .endStatus().build()).create();
    }

    private void ready(String podName) {
        client.pods().inNamespace(namespace).withName(podName).edit(p -> {
            ContainerStatus s = p.getStatus().getContainerStatuses().get(0);
            p.getStatus().setPhase("Running");
            p.getStatus().getConditions().get(0).setStatus("True");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(s).withReady(true)
                    .withStarted(true).withNewState().withNewRunning().withStartedAt(Instant.now().toString())
                    .endRunning().endState().build()));
            return p;
        });
    }

    private void crash(String podName) {
        client.pods().inNamespace(namespace).withName(podName).edit(p -> {
            ContainerStatus s = p.getStatus().getContainerStatuses().get(0);
            int restarts = (s.getRestartCount() == null ? 0 : s.getRestartCount()) + 1;
            p.getStatus().setPhase("Running");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(s).withReady(false)
                    .withRestartCount(restarts)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off restarting failed container " + s.getName()).endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                    .withFinishedAt(Instant.now().toString()).endTerminated().endLastState().build()));
            return p;
        });
    }

    private static DeploymentCondition condition(String status, String reason, String message) {
        String now = Instant.now().toString();
        return new DeploymentConditionBuilder().withType("Progressing").withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(now).build();
    }

    private void observe() {
        Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
        DeploymentStatus status = current.getStatus() == null ? new DeploymentStatus() : current.getStatus();
        status.setObservedGeneration(current.getMetadata().getGeneration());
        current.setStatus(status);
        client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    }

    private void writeStatus(Deployment d, int replicas, int updated, int ready, DeploymentCondition progressing) {
        Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int desired = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        DeploymentStatus status = current.getStatus() == null ? new DeploymentStatus() : current.getStatus();
        status.setObservedGeneration(current.getMetadata().getGeneration());
        status.setReplicas(replicas);
        status.setUpdatedReplicas(updated);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(ready);
        int unavailable = Math.max(desired - ready, 0);
        status.setUnavailableReplicas(unavailable == 0 ? null : unavailable);
        List<DeploymentCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of()
                : status.getConditions().stream().filter(c -> !"Progressing".equals(c.getType())).toList());
        conditions.add(progressing);
        status.setConditions(conditions);
        current.setStatus(status);
        client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    }
}
