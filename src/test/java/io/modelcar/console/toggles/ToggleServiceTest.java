package io.modelcar.console.toggles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.storageinitializer.ChangeRequest;
import io.modelcar.console.storageinitializer.ConfigJson;
import io.modelcar.console.storageinitializer.HistoryEntry;
import io.modelcar.console.storageinitializer.StaleResourceVersion;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.MutableClock;
import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The toggle service and its expiry against the mock API server: real versions, real 409s. */
class ToggleServiceTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    MockKubernetesApi api;
    KubernetesClient client;
    MutableClock clock;
    ConsoleInstance console;

    @BeforeEach
    void seed() {
        api = MockKubernetesApi.start();
        client = api.client();
        new KServeSeed(client).kserve(KServeSeed.CONTROLLER_IMAGE);
        clock = new MutableClock(T0);
        console = new ConsoleInstance(client, clock, List.of());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void whenTestEnvironmentThenOneCallFlipsAndItIsAuditedAndInTheHistory() {
        ToggleService.Toggles result = console.toggles.flip("modelcar", off(rv()), "alice", "api").toggles();

        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
        ToggleView modelcar = result.items().get(0);
        assertThat(modelcar.enabled()).isFalse();
        assertThat(modelcar.lastChange().actor()).isEqualTo("alice");
        assertThat(modelcar.lastChange().source()).isEqualTo("toggle");
        assertThat(console.storage.history()).first().satisfies(e -> {
            assertThat(e.source()).isEqualTo("toggle");
            assertThat(e.diff()).extracting(ConfigJson.KeyChange::key).containsExactly("enableModelcar");
        });
        assertThat(events()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("ConsoleChange");
            assertThat(e.getMessage()).contains("alice").contains("toggle.modelcar.off");
            assertThat(e.getInvolvedObject().getName()).isEqualTo(KServeSeed.CONFIG_MAP);
        });
    }

    @Test
    void whenFlipAndRestartThenTheControllerRestartStartsAfterTheWriteAndARefusalLeavesTheFlip() {
        List<String> restartedBy = new java.util.ArrayList<>();
        ConsoleInstance withRestarts = new ConsoleInstance(client, clock, List.of(), actor -> {
            restartedBy.add(actor + " at " + rv());
            if (restartedBy.size() > 1) {
                throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT,
                        java.net.URI.create("urn:test:restart-in-progress"), "Restart in progress", "one at a time");
            }
            return new io.modelcar.console.rollout.RestartView("r1", io.modelcar.console.rollout.RestartState.Progressing,
                    T0, "rolling", null, "rollout", actor, "kserve-controller-manager", 10, false, null, List.of());
        });
        String before = rv();

        ToggleView first = withRestarts.toggles.flip("modelcar", new ToggleService.Flip(false, null, null, null,
                before, true), "alice", "api").toggle();
        ToggleView second = withRestarts.toggles.flip("modelcar", new ToggleService.Flip(true, null, null, null,
                rv(), true), "alice", "api").toggle();

        assertThat(restartedBy).hasSize(2);
        assertThat(restartedBy.get(0)).startsWith("alice at ").isNotEqualTo("alice at " + before);
        assertThat(first.restart().id()).isEqualTo("r1");
        assertThat(second.restart()).isNull();
        assertThat(second.restartProblem()).contains("Restart in progress");
        assertThat(second.enabled()).isTrue();
        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
    }

    @Test
    void whenStagingThenTheTypedNameIsRequired() {
        label("staging");
        String before = raw();

        assertThatThrownBy(() -> console.toggles.flip("modelcar", new ToggleService.Flip(false, null, null, "yes",
                rv()), "alice", "api")).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo(ToggleProblems.CONFIRMATION_REQUIRED);
                });
        assertThat(raw()).isEqualTo(before);

        console.toggles.flip("modelcar", new ToggleService.Flip(false, null, null, "modelcar", rv()), "alice", "api");
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenProductionThenRefusedWithItsOwnTypeAndNothingChanges() {
        label("production");
        String before = raw();
        String version = rv();
        api.clearRequests();

        assertThatThrownBy(() -> console.toggles.flip("modelcar", off(version), "admin", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(409);
                    assertThat(e.type().toString()).isEqualTo("urn:modelcar-console:problem:environment-protected");
                });
        assertThatThrownBy(() -> console.toggles.killSwitch(version, "kill-switch", "admin", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(409));

        assertThat(api.count("PUT", p -> p.contains("/configmaps"))).isZero();
        assertThat(api.count("POST", p -> p.contains("/configmaps"))).isZero();
        assertThat(raw()).isEqualTo(before);
        assertThat(rv()).isEqualTo(version);
        assertThat(console.storage.history()).isEmpty();
        assertThat(events()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ConsoleChangeRefused"));
        assertThat(console.toggles.toggles().items()).allSatisfy(t -> assertThat(t.editable()).isFalse());
    }

    @Test
    void whenIfMatchIsStaleOrMissingThenNothingIsWritten() {
        String before = raw();

        assertThatThrownBy(() -> console.toggles.flip("modelcar", off("1"), "alice", "api"))
                .isInstanceOf(StaleResourceVersion.class);
        assertThatThrownBy(() -> console.toggles.flip("modelcar", off(null), "alice", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(428));
        assertThatThrownBy(() -> console.toggles.flip("modelcar", new ToggleService.Flip(false, "four hours", null,
                null, rv()), "alice", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> console.toggles.flip("oci-model-support", new ToggleService.Flip(true, null,
                "sideways", null, rv()), "alice", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> console.toggles.flip("nope", off(rv()), "alice", "api"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(404));

        assertThat(raw()).isEqualTo(before);
        assertThat(pendingExpiries()).isEmpty();
    }

    @Test
    void whenATimedFlipRunsOutThenItIsFlippedBackOnce() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        assertThat(console.toggles.toggles().items().get(0).expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(59));
        assertThat(console.expiry.expireDue()).isZero();
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        assertThat(console.expiry.expireDue()).isEqualTo(1);
        assertThat(console.expiry.expireDue()).isZero();
        clock.advance(Duration.ofHours(5));
        assertThat(console.expiry.expireDue()).isZero();

        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
        assertThat(sources()).containsExactly("expiry", "toggle");
        assertThat(console.storage.history().get(0).actor()).isEqualTo(ToggleExpiry.ACTOR);
        assertThat(pendingExpiries()).isEmpty();
        assertThat(console.toggles.toggles().items().get(0).expiresAt()).isNull();
    }

    @Test
    void whenTheConsoleRestartsThenTheNewInstanceFlipsBackWhatTheOldOneStored() {
        console.toggles.flip("oci-model-support", new ToggleService.Flip(true, "PT4H", "native", null, rv()),
                "alice", "page");
        assertThat(config().get("ociModelMode").stringValue()).isEqualTo("native");

        ConsoleInstance restarted = new ConsoleInstance(api.client(), clock, List.of());
        clock.advance(Duration.ofHours(4));

        assertThat(restarted.expiry.expireDue()).isEqualTo(1);
        assertThat(config().has("ociModelMode")).isFalse();
        assertThat(config().has("enableOciModelSupport")).isFalse();
        assertThat(sources()).containsExactly("expiry", "toggle");
    }

    @Test
    void whenTwoReplicasRaceToExpireThenExactlyOneFlipsBack() throws Exception {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        ConsoleInstance other = new ConsoleInstance(api.client(), clock, List.of());
        clock.advance(Duration.ofHours(2));
        api.clearRequests();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> first = () -> {
                start.await();
                return console.expiry.expireDue();
            };
            Callable<Integer> second = () -> {
                start.await();
                return other.expiry.expireDue();
            };
            Future<Integer> a = pool.submit(first);
            Future<Integer> b = pool.submit(second);
            start.countDown();
            assertThat(a.get() + b.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        assertThat(sources()).containsExactly("expiry", "toggle");
        assertThat(api.count("PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP))).isEqualTo(1);
        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
        assertThat(pendingExpiries()).isEmpty();
    }

    @Test
    void whenTheKeyWasChangedSinceThenTheExpiryLeavesItAlone() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        console.storage.apply(ChangeRequest.mergePatch(rv(), ConfigJson.parse("{\"enableModelcar\": true}").value(),
                "bob", "api", false));
        console.storage.apply(ChangeRequest.mergePatch(rv(), ConfigJson.parse("{\"enableModelcar\": false}").value(),
                "bob", "api", false));
        console.storage.apply(ChangeRequest.mergePatch(rv(), ConfigJson.parse("{\"enableModelcar\": true}").value(),
                "bob", "api", false));
        clock.advance(Duration.ofHours(1));

        assertThat(console.expiry.expireDue()).isZero();
        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
        assertThat(sources()).doesNotContain("expiry");
        assertThat(pendingExpiries()).isEmpty();
    }

    @Test
    void whenFlippedAgainWithoutADurationThenTheEarlierExpiryIsCancelled() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        console.toggles.flip("modelcar", off(rv()), "bob", "api");
        clock.advance(Duration.ofHours(2));

        assertThat(console.expiry.expireDue()).isZero();
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenFlippedAgainWithANewDurationThenOnlyTheNewExpiryIsLeft() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT4H", null, null, rv()), "bob", "api");

        assertThat(pendingExpiries()).singleElement().satisfies(p -> {
            assertThat(p.actor()).isEqualTo("bob");
            assertThat(p.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        });
        clock.advance(Duration.ofHours(2));
        assertThat(console.expiry.expireDue()).isZero();
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenAFlipWithANewExpiryIsRefusedThenTheEarlierExpiryIsStillThere() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT2H", null, null, rv()), "alice", "api");
        List<PendingExpiry> before = pendingExpiries();
        // someone stored a cpuLimit KServe rejects, behind the console's back: every write of the value is refused
        setStored("cpuLimit", "1 core");

        assertThatThrownBy(() -> console.toggles.flip("modelcar", new ToggleService.Flip(true, "PT4H", null, null,
                rv()), "bob", "api")).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(422));

        assertThat(pendingExpiries()).as("a refused flip changes nothing, Alice's way back included")
                .isEqualTo(before);
        assertThat(console.toggles.toggles().item("modelcar").expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void whenAFlipLosesTheRaceForTheConfigurationThenTheEarlierExpiryIsStillThere() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT2H", null, null, rv()), "alice", "api");
        List<PendingExpiry> before = pendingExpiries();
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        ToggleRecords records = new ToggleRecords(client) {
            @Override
            boolean write(String namespace, String name, String expectedResourceVersion,
                    List<PendingExpiry> expiries) {
                boolean written = super.write(namespace, name, expectedResourceVersion, expiries);
                if (armed.compareAndSet(true, false)) {
                    setStored("cpuRequest", "200m"); // carol's change lands between Bob's record and his flip
                }
                return written;
            }
        };
        ConsoleInstance bobs = new ConsoleInstance(client, clock, List.of(), actor -> null, records);

        assertThatThrownBy(() -> bobs.toggles.flip("modelcar", new ToggleService.Flip(true, "PT4H", null, null,
                rv()), "bob", "api")).isInstanceOf(StaleResourceVersion.class);

        assertThat(armed).isFalse();
        assertThat(config().get("cpuRequest").stringValue()).isEqualTo("200m");
        assertThat(pendingExpiries()).isEqualTo(before);
        clock.advance(Duration.ofHours(2));
        assertThat(console.expiry.expireDue()).isEqualTo(1);
        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
    }

    @Test
    void whenTheRestartAfterAFlipFindsTheClusterUnreachableThenTheWrittenFlipIsReportedWithTheRestartProblem() {
        ConsoleInstance withRestarts = new ConsoleInstance(client, clock, List.of(), actor -> {
            throw new ClusterUnreachableException("Kubernetes API unreachable while trying to get configmaps", null);
        });

        ToggleService.Flipped flipped = withRestarts.toggles.flip("modelcar", new ToggleService.Flip(false, null,
                null, null, rv(), true), "alice", "api");

        assertThat(flipped.toggles().resourceVersion()).isEqualTo(rv());
        assertThat(flipped.toggle().enabled()).isFalse();
        assertThat(flipped.toggle().restart()).isNull();
        assertThat(flipped.toggle().restartProblem()).contains("did not answer").contains("the flip is written");
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenTheTogglesCannotBeReadAgainAfterTheWriteThenTheFlipIsStillReportedWithItsNewVersion() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        ToggleRecords records = new ToggleRecords(client) {
            @Override
            Snapshot read(String namespace, String name) {
                if (!config().get("enableModelcar").booleanValue()) { // the flip is written: the cluster goes
                    down.set(true);
                    throw new ClusterUnreachableException("Kubernetes API unreachable while trying to get "
                            + "configmaps", null);
                }
                return super.read(namespace, name);
            }
        };
        ConsoleInstance flaky = new ConsoleInstance(client, clock, List.of(), actor -> null, records);

        ToggleService.Flipped flipped = flaky.toggles.flip("modelcar", off(rv()), "alice", "api");

        assertThat(down).isTrue();
        assertThat(flipped.toggles().resourceVersion()).isEqualTo(rv());
        assertThat(flipped.toggle().enabled()).isFalse();
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenKillSwitchThenEveryToggleIsOffInOneWriteAndPendingExpiriesAreDropped() {
        console.toggles.flip("oci-model-support", new ToggleService.Flip(true, "PT1H", "native", null, rv()),
                "alice", "api");
        api.clearRequests();

        ToggleService.Toggles after = console.toggles.killSwitch(null, null, "bob", "api");

        assertThat(after.items()).allSatisfy(t -> assertThat(t.enabled()).isFalse());
        assertThat(after.items()).allSatisfy(t -> assertThat(t.resolvedMode()).isEmpty());
        assertThat(config().has("ociModelMode")).isFalse();
        assertThat(api.count("PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP))).isEqualTo(1);
        assertThat(pendingExpiries()).isEmpty();
        assertThat(console.storage.history().get(0).source()).isEqualTo("kill-switch");
        assertThat(events()).anySatisfy(e -> assertThat(e.getMessage()).contains("toggle.kill-switch"));
    }

    @Test
    void whenTheExpiriesCannotBeDroppedAfterTheKillSwitchWroteThenItIsStillReportedAsWritten() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "api");
        ToggleRecords records = new ToggleRecords(client) {
            @Override
            boolean write(String namespace, String name, String expectedResourceVersion,
                    List<PendingExpiry> expiries) {
                throw new ClusterUnreachableException("Kubernetes API unreachable while trying to update configmaps",
                        null);
            }
        };
        ConsoleInstance killing = new ConsoleInstance(client, clock, List.of(), actor -> null, records);

        ToggleService.Toggles after = killing.toggles.killSwitch(null, null, "bob", "api");

        assertThat(after.resourceVersion()).isEqualTo(rv());
        assertThat(after.items()).allSatisfy(t -> assertThat(t.enabled()).isFalse());
        assertThat(console.storage.history().get(0).source()).isEqualTo("kill-switch");
        assertThat(after.item("modelcar").expiresAt()).as("the expiry left behind is shown, not hidden")
                .isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(events()).anySatisfy(e -> assertThat(e.getMessage()).contains("toggle.kill-switch")
                .contains("not dropped"));
    }

    @Test
    void whenATimedFlipLandsRightAfterTheKillSwitchWroteThenItStillFlipsBack() {
        // Replica B flips modelcar on for an hour at the moment replica A's kill switch has written the
        // configuration and not yet cleaned up its expiry records.
        ConsoleInstance other = new ConsoleInstance(client, clock, List.of());
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        ToggleRecords records = new ToggleRecords(client) {
            @Override
            Snapshot read(String namespace, String name) {
                boolean killSwitchWritten = console != null && !config().get("enableModelcar").booleanValue();
                if (killSwitchWritten && armed.compareAndSet(true, false)) {
                    other.toggles.flip("modelcar", new ToggleService.Flip(true, "PT1H", null, null, rv()), "alice",
                            "api");
                }
                return super.read(namespace, name);
            }
        };
        ConsoleInstance killing = new ConsoleInstance(client, clock, List.of(), actor -> null, records);
        armed.set(true);

        killing.toggles.killSwitch(null, null, "bob", "api");

        assertThat(armed).isFalse();
        assertThat(config().get("enableModelcar").booleanValue()).isTrue();
        assertThat(pendingExpiries()).extracting(PendingExpiry::toggle).containsExactly("modelcar");
        clock.advance(Duration.ofHours(2));
        assertThat(console.expiry.expireDue()).isEqualTo(1);
        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenAnOlderVersionIsRestoredThenItIsBackAndTheRestoreIsItselfInTheHistory() {
        console.toggles.flip("modelcar", off(rv()), "alice", "api");
        HistoryEntry turnedOff = console.storage.history().get(0);
        console.toggles.flip("modelcar", new ToggleService.Flip(true, null, null, null, rv()), "bob", "api");

        console.storage.restore(turnedOff.id(), rv(), "carol", false);

        assertThat(config().get("enableModelcar").booleanValue()).isFalse();
        assertThat(raw()).isEqualTo(turnedOff.after());
        assertThat(sources()).containsExactly("rollback", "toggle", "toggle");
        assertThat(console.storage.history().get(0).actor()).isEqualTo("carol");
    }

    private static ToggleService.Flip off(String resourceVersion) {
        return new ToggleService.Flip(false, null, null, null, resourceVersion);
    }

    /** Changes one key of the stored value directly, as kubectl would (no validation). */
    private void setStored(String key, String value) {
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) ConfigJson.parse(
                    cm.getData().get("storageInitializer")).value();
            json.put(key, value);
            cm.getData().put("storageInitializer", ConfigJson.write(json));
            return cm;
        });
    }

    private void label(String environment) {
        client.namespaces().withName(KServeSeed.NAMESPACE).edit(ns -> {
            ns.getMetadata().getLabels().put(EnvironmentService.LABEL, environment);
            return ns;
        });
        console.environment.refresh();
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get();
    }

    private String rv() {
        return configMap().getMetadata().getResourceVersion();
    }

    private String raw() {
        return configMap().getData().get("storageInitializer");
    }

    private JsonNode config() {
        return ConfigJson.parse(raw()).value();
    }

    private List<String> sources() {
        return console.storage.history().stream().map(HistoryEntry::source).toList();
    }

    private List<PendingExpiry> pendingExpiries() {
        return new ToggleRecords(client).read(KServeSeed.NAMESPACE, "modelcar-console-toggles").expiries();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(KServeSeed.NAMESPACE).list().getItems();
    }
}
