package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The restart service against the in-memory API with the sandbox's rollout simulation. */
class ControllerRestartServiceTest {

    private static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/kserve/deployments/"
            + KServeSeed.CONTROLLER;
    private static final String SEED_POD = KServeSeed.CONTROLLER + "-7d9f8c6b5-x2k4q";

    private RolloutFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void whenRolloutRestartThenRestartedAtIsMergePatchedOnTheControllerDeployment() {
        fixture = new RolloutFixture();
        Instant before = Instant.now().minusSeconds(1);

        RestartView started = fixture.service().start("operator", "rollout");

        assertThat(started.state()).isEqualTo(RestartState.Progressing);
        List<RecordedRequest> patches = fixture.api.requests().stream()
                .filter(r -> "PATCH".equals(r.getMethod()) && r.getPath().startsWith(DEPLOYMENT_PATH)).toList();
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).getHeader("Content-Type")).startsWith("application/merge-patch+json");
        Deployment d = fixture.client.apps().deployments().inNamespace("kserve").withName(KServeSeed.CONTROLLER).get();
        String restartedAt = d.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt");
        assertThat(Instant.parse(restartedAt)).isAfter(before);
        assertThat(restartedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(fixture.api.count("DELETE", p -> p.contains("/pods"))).isZero();
    }

    @Test
    void whenRolloutRestartThenTrackingReachesSucceededWithTheNewPodReadyAndTheOldOneGone() {
        fixture = new RolloutFixture();
        ControllerRestartService service = fixture.service();

        RestartView started = service.start("operator", null);

        RestartView done = awaitDone(service, started.id());
        assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.failure()).isNull();
        List<Pod> pods = fixture.client.pods().inNamespace("kserve").list().getItems();
        assertThat(pods).extracting(p -> p.getMetadata().getName()).doesNotContain(SEED_POD).hasSize(1);
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "success");
        assertThat(fixture.auditLines().get(1)).containsEntry("actor", "operator")
                .containsEntry("action", "controller.restart")
                .containsEntry("target", "Deployment kserve/" + KServeSeed.CONTROLLER);
    }

    @Test
    void whenNewPodCrashLoopsThenTrackingReachesFailedWithTheContainersLastState() {
        fixture = new RolloutFixture();
        fixture.simulation.crashLoop(true);
        ControllerRestartService service = fixture.service();

        RestartView done = awaitDone(service, service.start("operator", "rollout").id());

        assertThat(done.state()).isEqualTo(RestartState.Failed);
        assertThat(done.failure().reason()).isIn("CrashLoopBackOff", "ProgressDeadlineExceeded");
        assertThat(done.failure().container()).isEqualTo("manager");
        assertThat(done.failure().waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(done.failure().lastTerminatedReason()).isEqualTo("Error");
        assertThat(done.failure().exitCode()).isEqualTo(1);
        assertThat(done.failure().pod()).startsWith(KServeSeed.CONTROLLER).isNotEqualTo(SEED_POD);
        assertThat(done.message()).contains("CrashLoopBackOff").contains("exit code 1");
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "failed");
    }

    @Test
    void whenTheDeadlineExpiresFirstThenFailedSaysProgressDeadlineExceeded() {
        fixture = new RolloutFixture();
        fixture.simulation.crashLoop(true);
        // a tracker that never fails early on restarts: only the Deployment's deadline ends it
        RolloutProperties patient = new RolloutProperties("rollout", Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(1), 1000, Duration.ofSeconds(60), 20, "modelcar-console-restarts");
        RestartTracker tracker = new RestartTracker(fixture.cluster, fixture.records, fixture.discovery, patient,
                fixture.audit, java.time.Clock.systemUTC(), "patient");
        try {
            ControllerRestartService service = fixture.service(tracker);
            RestartView done = awaitDone(service, service.start("operator", "rollout").id());
            assertThat(done.failure().reason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(done.failure().waitingReason()).isEqualTo("CrashLoopBackOff");
        } finally {
            tracker.destroy();
        }
    }

    @Test
    void whenDeletePodsStrategyThenControllerPodsAreDeletedByLabelAndReplaced() {
        fixture = new RolloutFixture("delete-pods");
        ControllerRestartService service = fixture.service();

        RestartView started = service.start("operator", null);

        assertThat(started.strategy()).isEqualTo("delete-pods");
        assertThat(fixture.api.count("DELETE", p -> p.startsWith("/api/v1/namespaces/kserve/pods?")
                && p.contains("labelSelector=control-plane%3Dkserve-controller-manager"))).isEqualTo(1);
        assertThat(fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH))).isZero();
        RestartView done = awaitDone(service, started.id());
        assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        assertThat(fixture.client.pods().inNamespace("kserve").list().getItems())
                .extracting(p -> p.getMetadata().getName()).hasSize(1).doesNotContain(SEED_POD);
    }

    @Test
    void whenDeploymentIsPausedThenConflictAndNothingIsPatched() {
        fixture = new RolloutFixture();
        fixture.client.apps().deployments().inNamespace("kserve").withName(KServeSeed.CONTROLLER)
                .edit(d -> {
                    d.getSpec().setPaused(true);
                    return d;
                });
        fixture.api.clearRequests();

        assertThatThrownBy(() -> fixture.service().start("operator", "rollout"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo(RestartProblems.CONTROLLER_PAUSED);
                });
        assertThat(fixture.api.count("PATCH", p -> true)).isZero();
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "refused");
    }

    @Test
    void whenARestartRunsThenASecondOneIsRefusedOnEveryReplica() {
        fixture = new RolloutFixture();
        fixture.simulation.crashLoop(true); // keeps the first one running for a while
        ControllerRestartService replicaA = fixture.service(fixture.tracker("replica-a"));
        ControllerRestartService replicaB = fixture.service(fixture.tracker("replica-b"));
        RestartView first = replicaA.start("operator", "rollout");

        for (ControllerRestartService replica : List.of(replicaA, replicaB)) {
            assertThatThrownBy(() -> replica.start("admin", "rollout"))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(409);
                        assertThat(e.type()).isEqualTo(RestartProblems.RESTART_IN_PROGRESS);
                        assertThat(e.properties()).containsEntry("runningRestartId", first.id());
                    });
        }
        assertThat(fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH))).isEqualTo(1);
    }

    @Test
    void whenTwoReplicasStartAtTheSameMomentThenExactlyOneRestartHappens() throws Exception {
        fixture = new RolloutFixture();
        fixture.simulation.crashLoop(true);
        List<ControllerRestartService> replicas = List.of(fixture.service(fixture.tracker("replica-a")),
                fixture.service(fixture.tracker("replica-b")));
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Object>> results = threads.invokeAll(replicas.stream()
                    .map(replica -> (java.util.concurrent.Callable<Object>) () -> {
                        barrier.await();
                        try {
                            return replica.start("operator", "rollout");
                        } catch (ProblemException e) {
                            return e;
                        }
                    }).toList());
            List<Object> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Object> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(RestartView.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(ProblemException.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((ProblemException) e).status().value()).isEqualTo(409));
            assertThat(fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH))).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whenOnlyTheDeploymentsOwnAnnotationsChangeThenTheSimulationRollsNothing() {
        fixture = new RolloutFixture();
        fixture.client.apps().deployments().inNamespace("kserve").withName(KServeSeed.CONTROLLER).edit(d -> {
            d.getMetadata().setAnnotations(Map.of("sandbox.modelcar-console.io/crash-loop", "true"));
            return d;
        });
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> fixture.client.pods()
                .inNamespace("kserve").list().getItems().stream().map(p -> p.getMetadata().getName()).toList()
                .equals(List.of(SEED_POD)));
    }

    static Stream<Arguments> crashingConfigs() {
        return Stream.of(
                Arguments.of("deploy", "{\"defaultDeploymentMode\": \"Serverfull\"}"),
                Arguments.of("deploy", "{}"),
                Arguments.of("deploy", "{not json"),
                Arguments.of("ingress", "{\"ingressDomain\": \"example.com\"}"),
                Arguments.of("ingress", "{\"ingressGateway\": "),
                Arguments.of("multiNode", "[broken"),
                Arguments.of("deploy", "{\"defaultDeploymentMode\": \"ModelMeshDeployment\"}"),
                Arguments.of("ingress", "{\"ingressGateway\": \"a/b\", \"enableGatewayApi\": \"true\"}"));
    }

    // issue 13.1 and 13.4: ModelMesh is valid; a bad storageInitializer is not read at start-up
    static Stream<Arguments> startableConfigs() {
        return Stream.of(
                Arguments.of("deploy", "{\"defaultDeploymentMode\": \"ModelMesh\"}", null),
                Arguments.of("storageInitializer", "{\"memoryRequest\": \"100Mi\"", "webhook"),
                Arguments.of("storageInitializer", "{\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", "
                        + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", \"enableModelcar\": \"true\"}", "reconcile"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("startableConfigs")
    void whenTheControllerWouldStartThenTheRestartRunsAndNamesWhatItDoesNotFix(String key, String value,
            String damage) {
        fixture = new RolloutFixture();
        fixture.setConfig(key, value);

        RestartView started = fixture.service().start("operator", "rollout");

        assertThat(fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH))).isEqualTo(1);
        if (damage != null) {
            assertThat(started.message()).contains("Not fixed by the restart").contains(damage);
        } else {
            assertThat(started.message()).doesNotContain("Not fixed by the restart");
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("crashingConfigs")
    void whenAStartupKeyWouldCrashTheControllerThenUnprocessableAndNothingIsRestarted(String key, String value) {
        fixture = new RolloutFixture();
        fixture.setConfig(key, value);
        fixture.api.clearRequests();

        assertThatThrownBy(() -> fixture.service().start("operator", "rollout"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo(RestartProblems.UNSAFE_STARTUP_CONFIG);
                    assertThat(e.getMessage()).contains("\"" + key + "\"");
                    assertThat((List<?>) e.properties().get("errors")).first()
                            .satisfies(error -> assertThat(((Map<?, ?>) error).get("key")).isEqualTo(key));
                });
        assertThat(fixture.api.count("PATCH", p -> true)).isZero();
        assertThat(fixture.api.count("DELETE", p -> true)).isZero();
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "refused");
    }

    @Test
    void whenKServeIsV015ThenStandardDeploymentModeIsRefused() {
        fixture = new RolloutFixture();
        fixture.client.apps().deployments().inNamespace("kserve").withName(KServeSeed.CONTROLLER).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("kserve/kserve-controller:v0.15.2");
            return d;
        });
        fixture.setConfig("deploy", "{\"defaultDeploymentMode\": \"Standard\"}");

        assertThatThrownBy(() -> fixture.service().start("operator", "rollout"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("deploy").contains("v0.15.2");
                });
    }

    @Test
    void whenTheTrackingReplicaStopsThenAnotherReplicaResumesFromTheRecordInTheCluster() {
        fixture = new RolloutFixture();
        RestartTracker dying = fixture.tracker("replica-a");
        ControllerRestartService replicaA = fixture.service(dying);
        RestartView started = replicaA.start("operator", "rollout");
        dying.destroy(); // the console replica goes away mid-rollout

        RestartTracker survivor = fixture.tracker("replica-b");
        survivor.startResuming();
        ControllerRestartService replicaB = fixture.service(survivor);

        RestartView done = awaitDone(replicaB, started.id());
        assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        assertThat(fixture.records.read().find(started.id())).get()
                .extracting(RestartRecord::trackedBy).isEqualTo("replica-b");
        assertThat(fixture.client.configMaps().inNamespace("kserve").withName("modelcar-console-restarts").get()
                .getData()).containsKey("restarts.json");
    }

    @Test
    void whenAPollIsStillRunningAsTheReplicaHandsItsRestartOverThenItDoesNotTakeTheRestartBack() {
        fixture = new RolloutFixture();
        RestartTracker stopping = fixture.tracker("replica-a");
        stopping.start();
        RestartView started = fixture.service(stopping).start("operator", "rollout");
        stopping.stop(); // hands the restart over: no tracker in the record, for the leader to take it at once
        assertThat(fixture.records.read().find(started.id())).get().extracting(RestartRecord::trackedBy).isNull();

        stopping.poll(started.id()); // a poll that was already running when the replica stopped ends now

        assertThat(fixture.records.read().find(started.id())).get()
                .as("a hand-over taken back makes the leader wait until the record is stale (30 s)")
                .extracting(RestartRecord::trackedBy).isNull();
    }

    static Stream<Arguments> recordUpdateFailures() {
        return Stream.of(
                Arguments.of("429 or unreachable", (java.util.function.Supplier<RuntimeException>)
                        () -> new ClusterUnreachableException("Kubernetes API unreachable while trying to update "
                                + "configmaps (HTTP 429)", null)),
                Arguments.of("lost the race", (java.util.function.Supplier<RuntimeException>)
                        StaleRestartLogException::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordUpdateFailures")
    void whenTheRecordCannotSayProgressingAfterThePatchThenTheRestartIsAnsweredAndFollowedAsApplied(String why,
            java.util.function.Supplier<RuntimeException> failure) {
        fixture = new RolloutFixture();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(1);
        RestartRecords flaky = new RestartRecords(fixture.cluster, fixture.discovery, fixture.properties,
                fixture.json) {
            @Override
            Optional<RestartRecord> update(String id, UnaryOperator<RestartRecord> change) {
                if (fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH)) > 0
                        && failures.getAndDecrement() > 0) {
                    throw failure.get(); // the Deployment is patched; the record's update after it fails once
                }
                return super.update(id, change);
            }
        };
        RestartTracker tracker = fixture.tracker("replica-a");
        ControllerRestartService service = fixture.service(tracker, flaky);

        RestartView started = service.start("operator", "rollout");

        assertThat(failures.get()).as("the update failed once").isZero();
        assertThat(started.state()).isEqualTo(RestartState.Progressing);
        assertThat(started.message()).contains("started").doesNotContainIgnoringCase("nothing");
        assertThat(tracker.tracks(started.id())).isTrue();
        RestartView done = awaitDone(service, started.id());
        assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        assertThat(done.failure()).isNull();
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "success");
    }

    @Test
    void whenTheLeaderFindsAPendingRestartThatWasAppliedThenItFollowsItInsteadOfCallingItNotApplied() {
        fixture = new RolloutFixture();
        // replica-a wrote the Pending record and patched the Deployment, then stopped before the record said so
        Instant started = Instant.now().minusSeconds(5);
        String restartedAt = ControllerRestartService.restartedAt(Instant.now(), null);
        List<String> oldPods = fixture.cluster.pods(KServeSeed.NAMESPACE).stream().map(ControllerPod::name).toList();
        fixture.records.write(fixture.records.read().add(new RestartRecord("applied-1", RestartStrategy.ROLLOUT,
                RestartState.Pending, started, null, "operator", KServeSeed.NAMESPACE + "/" + KServeSeed.CONTROLLER,
                restartedAt, oldPods, 0, "Starting the restart.", null, "replica-a", started), 20));
        fixture.cluster.patchRestartedAt(KServeSeed.NAMESPACE, KServeSeed.CONTROLLER, restartedAt);

        RestartTracker leader = fixture.tracker("replica-b");
        leader.startResuming();

        RestartView done = awaitDone(fixture.service(leader), "applied-1");
        assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        assertThat(done.failure()).isNull();
    }

    @Test
    void whenTheLeaderFindsAPendingRestartThatWasNotAppliedThenItIsFailedAsNotApplied() {
        fixture = new RolloutFixture();
        Instant started = Instant.now().minusSeconds(5);
        List<String> oldPods = fixture.cluster.pods(KServeSeed.NAMESPACE).stream().map(ControllerPod::name).toList();
        fixture.records.write(fixture.records.read().add(new RestartRecord("not-applied-1", RestartStrategy.ROLLOUT,
                RestartState.Pending, started, null, "operator", KServeSeed.NAMESPACE + "/" + KServeSeed.CONTROLLER,
                ControllerRestartService.restartedAt(Instant.now(), null), oldPods, 0, "Starting the restart.", null,
                "replica-a", started), 20));

        RestartTracker leader = fixture.tracker("replica-b");
        leader.startResuming();

        RestartView done = awaitDone(fixture.service(leader), "not-applied-1");
        assertThat(done.state()).isEqualTo(RestartState.Failed);
        assertThat(done.failure().reason()).isEqualTo("NotApplied");
        assertThat(fixture.api.count("PATCH", p -> p.startsWith(DEPLOYMENT_PATH))).isZero();
    }

    /**
     * The patch is made but its answer is lost (a timeout): the restart may be rolling, so it is neither answered
     * nor recorded as "nothing was restarted"; it is followed, and settles as what the cluster shows.
     */
    @ParameterizedTest(name = "patch made: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void whenThePatchGetsNoAnswerThenTheRestartIsFollowedAndSettlesAsWhatTheClusterShows(boolean made) {
        fixture = new RolloutFixture();
        ControllerCluster lossy = new ControllerCluster(fixture.client, fixture.kubernetes,
                new io.modelcar.console.kubernetes.ControllerDeployments(fixture.client)) {
            @Override
            void patchRestartedAt(String namespace, String name, String restartedAt) {
                if (made) {
                    super.patchRestartedAt(namespace, name, restartedAt);
                }
                throw new ClusterUnreachableException("Kubernetes API unreachable while trying to patch "
                        + "deployments (timeout)", null);
            }
        };
        RestartTracker tracker = fixture.tracker("replica-a");
        ControllerRestartService service = fixture.service(tracker, fixture.records, lossy);

        assertThatThrownBy(() -> service.start("operator", "rollout")).isInstanceOfSatisfying(ProblemException.class,
                p -> {
                    assertThat(p.status().value()).isEqualTo(503);
                    assertThat(p.getMessage()).contains("may or may not have been applied")
                            .doesNotContainIgnoringCase("nothing was");
                });

        RestartRecord recorded = fixture.records.read().restarts().get(0);
        assertThat(recorded.state()).isEqualTo(RestartState.Pending);
        assertThat(tracker.tracks(recorded.id())).isTrue();
        RestartView done = awaitDone(service, recorded.id());
        if (made) {
            assertThat(done.state()).isEqualTo(RestartState.Succeeded);
        } else {
            assertThat(done.state()).isEqualTo(RestartState.Failed);
            assertThat(done.failure().reason()).isEqualTo("NotApplied");
        }
    }

    @Test
    void whenTheDeploymentIsDeletedBeforeThePatchThenTheRestartFailsWithTheApiServersReason() {
        fixture = new RolloutFixture();
        fixture.api.answerNext(1, 404, "PATCH", p -> p.startsWith(DEPLOYMENT_PATH),
                "deployments.apps \"" + KServeSeed.CONTROLLER + "\" not found");

        assertThatThrownBy(() -> fixture.service().start("operator", "rollout"))
                .isNotInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .hasMessageContaining("not found");

        RestartRecord failed = fixture.records.read().restarts().get(0);
        assertThat(failed.state()).isEqualTo(RestartState.Failed);
        assertThat(failed.message()).contains("not found").contains("Nothing was restarted");
        assertThat(fixture.auditLines()).extracting(l -> l.get("outcome")).containsExactly("requested", "failed");
    }

    @Test
    void whenTheLogChangedSinceItWasReadThenTheWriteIsRefused() {
        fixture = new RolloutFixture();
        ControllerRestartService service = fixture.service();
        awaitDone(service, service.start("operator", "rollout").id());
        RestartLog read = fixture.records.read();
        RestartRecord other = read.restarts().get(0);
        fixture.records.write(read.add(new RestartRecord("other", other.strategy(), other.state(),
                other.startedAt(), other.finishedAt(), "admin", other.deployment(), other.restartedAt(),
                other.oldPods(), other.percent(), "another writer", null, null, null), 20)); // another writer got in first

        assertThatThrownBy(() -> fixture.records.write(read)).isInstanceOf(StaleRestartLogException.class);
    }

    private static RestartView awaitDone(ControllerRestartService service, String id) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> service.get(id), RestartView::done);
    }
}
