package io.modelcar.console.storageinitializer;

import static io.modelcar.console.storageinitializer.StorageInitializerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Event;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class StorageInitializerServiceTest {

    final StorageInitializerFixture cluster = new StorageInitializerFixture();
    final StorageInitializerService service = cluster.service;

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void whenReadThenStoredValueVersionAndNoWrite() {
        StorageInitializerView view = service.current();

        assertThat(view.namespace()).isEqualTo("kserve");
        assertThat(view.configMap()).isEqualTo("inferenceservice-config");
        assertThat(view.key()).isEqualTo("storageInitializer");
        assertThat(view.resourceVersion()).isEqualTo(cluster.resourceVersion());
        assertThat(view.kserveVersion()).isEqualTo("v0.20.0");
        assertThat(view.valid()).isTrue();
        assertThat(view.raw()).isEqualTo(cluster.raw());
        assertThat(view.config().get("uidModelcar").asLong()).isEqualTo(1010);
        assertThat(view.parseError()).isNull();
        assertThat(view.problems()).isEmpty();
        assertThat(view.managedBy()).isNull();
        assertThat(cluster.configMapWriteBodies()).isEmpty();
    }

    @Test
    void whenStaleVersionThenPreconditionFailedAndConfigMapUnchanged() {
        String version = cluster.resourceVersion();
        cluster.storeRaw(cluster.raw().replace("\"1Gi\"", "\"2Gi\""));
        Map<String, String> before = cluster.data();

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(version, json("{\"enableModelcar\":false}"),
                "alice", "api", false)))
                .isInstanceOfSatisfying(StaleResourceVersion.class, e -> {
                    assertThat(e.status().value()).isEqualTo(412);
                    assertThat(e.currentResourceVersion()).isEqualTo(cluster.resourceVersion());
                });
        assertThat(cluster.data()).isEqualTo(before);
    }

    @Test
    void whenChangedBehindTheConsolesBackBetweenReadAndWriteThenDetected() {
        StorageInitializerRepository repository = new StorageInitializerRepository(cluster.client);
        StoredConfig read = repository.read("kserve", "inferenceservice-config");
        // kubectl edits another key after the console read the ConfigMap and before it writes
        cluster.client.configMaps().inNamespace("kserve").withName("inferenceservice-config")
                .edit(cm -> {
                    cm.getData().put("logger", "{\"image\": \"changed-by-kubectl\"}");
                    return cm;
                });

        assertThatThrownBy(() -> repository.write(read, "{}")).isInstanceOf(StaleResourceVersion.class);
        assertThat(cluster.data().get("logger")).isEqualTo("{\"image\": \"changed-by-kubectl\"}");
        assertThat(cluster.raw()).isEqualTo(read.raw());
    }

    @Test
    void whenAPatchWithoutIfMatchMeetsConflictsThenItIsRetriedOnTheCurrentVersionAndSaved() {
        cluster.api.answerNext(2, 409, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));

        StorageInitializerView saved = service.apply(ChangeRequest.mergePatch(null,
                json("{\"memoryLimit\":\"3Gi\"}"), "alice", "api", false));

        assertThat(saved.config().get("memoryLimit").asString()).isEqualTo("3Gi");
        assertThat(cluster.config().get("memoryLimit").asString()).isEqualTo("3Gi");
        assertThat(configMapPuts()).as("two conflicts, then the write").isEqualTo(3);
    }

    @Test
    void whenAPatchWithoutIfMatchKeepsMeetingConflictsThenItGivesUpAfterTheBoundAndWritesNothing() {
        String before = cluster.raw();
        int bound = StorageInitializerProperties.defaults().patchRetries();
        cluster.api.answerNext(100, 409, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(null, json("{\"memoryLimit\":\"3Gi\"}"),
                "alice", "api", false))).isInstanceOf(StaleResourceVersion.class);
        assertThat(configMapPuts()).isEqualTo(bound);
        assertThat(cluster.raw()).isEqualTo(before);
    }

    @Test
    void whenAWriteWithIfMatchMeetsAConflictThenItIsNotRetried() {
        cluster.api.answerNext(1, 409, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(),
                json("{\"memoryLimit\":\"3Gi\"}"), "alice", "api", false))).isInstanceOf(StaleResourceVersion.class);
        assertThat(configMapPuts()).isEqualTo(1);
    }

    private long configMapPuts() {
        return cluster.api.count("PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));
    }

    @Test
    void whenMergePatchThenUnknownKeysAndKeyOrderAreKept() {
        cluster.storeRaw("{\n    \"image\" : \"kserve/storage-initializer:v0.20.0\",\n    \"vendorKey\": {\"x\": 1.50},\n"
                + "    \"memoryRequest\": \"100Mi\",\n    \"memoryLimit\": \"1Gi\",\n    \"cpuRequest\": \"100m\",\n"
                + "    \"cpuLimit\": \"1\",\n    \"enableModelcar\": true,\n    \"uidModelcar\": 1010\n}");

        service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": false, \"uidModelcar\": null, "
                + "\"cpuModelcar\": \"20m\"}"), "alice", "api", false));

        ObjectNode stored = cluster.config();
        assertThat(stored.propertyNames()).containsExactly("image", "vendorKey", "memoryRequest", "memoryLimit",
                "cpuRequest", "cpuLimit", "enableModelcar", "cpuModelcar");
        assertThat(stored.get("enableModelcar").booleanValue()).isFalse();
        assertThat(cluster.raw()).contains("\"vendorKey\": {\n        \"x\": 1.50\n    }");
        assertThat(cluster.raw()).startsWith("{\n    \"image\": ");
    }

    @Test
    void whenAnyWriteThenOtherKeysAreIdenticalByteForByte() {
        Map<String, String> before = new LinkedHashMap<>(cluster.data());

        service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": false}"), "alice", "api", false));
        service.apply(ChangeRequest.replace(cluster.resourceVersion(), service.current().config(), "alice", "api",
                false));
        service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(), json("{\"ociModelMode\": \"native\"}"),
                "alice", "page", false));

        Map<String, String> after = cluster.data();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.keySet().stream().filter(k -> !k.equals("storageInitializer"))
                .forEach(k -> assertThat(after.get(k)).as(k).isEqualTo(before.get(k)));
        assertThat(after.get("_example")).contains("# ociModelMode chooses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"enableModelcar\": \"true\"}", "{\"memoryRequest\": \"10 Mi\"}",
            "{\"uidModelcar\": \"1010\"}", "{\"ociModelMode\": \"sidecar\"}", "{\"cpuLimit\": null}"})
    void whenInvalidValueThenUnprocessableAndNothingWritten(String patch) {
        String version = cluster.resourceVersion();

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(version, json(patch), "alice", "api", false)))
                .isInstanceOfSatisfying(InvalidStorageInitializerConfig.class,
                        e -> assertThat(e.status().value()).isEqualTo(422));
        assertThat(cluster.resourceVersion()).isEqualTo(version);
        assertThat(cluster.configMapWriteBodies()).isEmpty();
    }

    @Test
    void whenResultEqualsCurrentThenNothingWritten() {
        StorageInitializerView current = service.current();

        StorageInitializerView answer = service.apply(ChangeRequest.replace(current.resourceVersion(),
                current.config(), "alice", "api", false));

        assertThat(answer.resourceVersion()).isEqualTo(current.resourceVersion());
        assertThat(answer.raw()).isEqualTo(current.raw());
        assertThat(cluster.configMapWriteBodies()).isEmpty();
    }

    @Test
    void whenDryRunThenAnswersWhatWouldBeStoredAndWritesNothing() {
        String version = cluster.resourceVersion();

        StorageInitializerView answer = service.apply(ChangeRequest.mergePatch(version,
                json("{\"enableModelcar\": false}"), "alice", "api", true));

        assertThat(answer.dryRun()).isTrue();
        assertThat(answer.diff()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("enableModelcar");
            assertThat(d.before().booleanValue()).isTrue();
            assertThat(d.after().booleanValue()).isFalse();
        });
        assertThat(answer.config().get("enableModelcar").booleanValue()).isFalse();
        assertThat(cluster.resourceVersion()).isEqualTo(version);
        assertThat(cluster.configMapWriteBodies()).isEmpty();
    }

    @Test
    void whenStoredValueIsBrokenThenShownWithLineAndColumnNeverRewrittenAndRepairable() {
        String broken = "{\n    \"image\": \"kserve/storage-initializer:v0.20.0\",\n    \"enableModelcar\": tru\n}";
        cluster.storeRaw(broken);
        cluster.api.clearRequests();

        StorageInitializerView view = service.current();

        assertThat(view.valid()).isFalse();
        assertThat(view.config()).isNull();
        assertThat(view.raw()).isEqualTo(broken);
        assertThat(view.parseError().line()).isEqualTo(3);
        assertThat(view.parseError().column()).isGreaterThan(1);
        assertThat(cluster.configMapWriteBodies()).isEmpty();
        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": true}"),
                "alice", "api", false))).isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(cluster.raw()).isEqualTo(broken);

        service.apply(ChangeRequest.replace(view.resourceVersion(), json("{\"image\": \"x\", \"memoryRequest\": "
                + "\"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}"), "alice",
                "page", false));
        assertThat(service.current().valid()).isTrue();
    }

    @Test
    void whenChangedThenRecordedInHistoryAndRestorable() {
        String original = cluster.raw();
        service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": false}"), "alice", "api", false));
        service.apply(ChangeRequest.mergePatch(null, json("{\"cpuModelcar\": \"20m\"}"), "bob", "page", false));

        List<HistoryEntry> history = service.history();
        assertThat(history).extracting(HistoryEntry::actor).containsExactly("bob", "alice");
        assertThat(history.get(1).before()).isEqualTo(original);
        assertThat(history.get(1).diff()).extracting(ConfigJson.KeyChange::key).containsExactly("enableModelcar");
        assertThat(history.get(0).resourceVersion()).isEqualTo(cluster.resourceVersion());

        String first = history.get(1).id();
        assertThatThrownBy(() -> service.restore(first, "1", "carol", false))
                .isInstanceOf(StaleResourceVersion.class);
        service.restore(first, cluster.resourceVersion(), "carol", false);

        assertThat(cluster.config().get("enableModelcar").booleanValue()).isFalse();
        assertThat(cluster.config().has("cpuModelcar")).isTrue();
        assertThat(cluster.config().get("cpuModelcar").stringValue()).isEqualTo("10m");
        assertThat(service.history()).first().satisfies(e -> {
            assertThat(e.source()).isEqualTo("rollback");
            assertThat(e.actor()).isEqualTo("carol");
        });
    }

    @Test
    void whenHistoryIsFullThenOldestEntriesAreDropped() {
        StorageInitializerRepository repository = new StorageInitializerRepository(cluster.client);
        for (int i = 0; i < 5; i++) {
            repository.appendHistory("kserve", "h", new HistoryEntry("id" + i, java.time.Instant.now(), "a", "api",
                    "1", "{}", "{}", List.of()), 3, 100_000);
        }
        assertThat(repository.history("kserve", "h")).extracting(HistoryEntry::id).containsExactly("id4", "id3",
                "id2");
    }

    @Test
    void historyBoundIsCountedInBytesNotCharacters() {
        StorageInitializerRepository repository = new StorageInitializerRepository(cluster.client);
        String euros = "{\"note\": \"" + "\u20ac".repeat(500) + "\"}"; // 500 characters, 1,500 bytes in UTF-8
        for (int i = 0; i < 5; i++) {
            repository.appendHistory("kserve", "h", new HistoryEntry("id" + i, java.time.Instant.now(), "a", "api",
                    "1", "{}", euros, List.of()), 10, 4_000);
        }

        String stored = cluster.client.configMaps().inNamespace("kserve").withName("h").get().getData()
                .get(StorageInitializerRepository.HISTORY_KEY);
        assertThat(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4_000);
        assertThat(repository.history("kserve", "h")).extracting(HistoryEntry::id).startsWith("id4");
    }

    @Test
    void whenWrittenThenAuditedAsAKubernetesEventOnTheConfigMap() {
        service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": false}"), "alice", "api", false));
        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(null, json("{\"cpuLimit\": \"1 core\"}"),
                "mallory", "api", false))).isInstanceOf(InvalidStorageInitializerConfig.class);

        List<Event> events = cluster.client.v1().events().inNamespace("kserve").list().getItems();
        assertThat(events).allSatisfy(e -> assertThat(e.getInvolvedObject().getName())
                .isEqualTo("inferenceservice-config"));
        assertThat(events).extracting(Event::getReason).contains("ConsoleChange", "ConsoleChangeRefused");
        assertThat(events).extracting(Event::getMessage).anySatisfy(m -> assertThat(m).startsWith("alice:"));
    }

    /**
     * The API server refuses the update (a ValidatingAdmissionPolicy's 422, a webhook's 403) or fails it (etcd's
     * 500): nothing changes, the failure is audited and counted, and it leaves as the console's exception with the
     * API server's reason, not as a raw fabric8 exception (a 500) nor as a missing RBAC permission.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "422 | ValidatingAdmissionPolicy 'frozen' with binding 'frozen' denied request: kserve is frozen",
            "403 | admission webhook \"freeze.example.com\" denied the request: kserve is frozen",
            "500 | etcdserver: request timed out"})
    void whenTheApiServerRefusesOrFailsTheUpdateThenTheFailureIsAuditedAndNothingChanged(int code, String message) {
        Map<String, String> before = cluster.data();
        cluster.api.answerNext(1, code, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP), message);

        assertThatThrownBy(() -> service.apply(ChangeRequest.mergePatch(cluster.resourceVersion(),
                json("{\"memoryLimit\": \"3Gi\"}"), "alice", "api", false)))
                .isNotInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .isNotInstanceOf(io.modelcar.console.kubernetes.ClusterPermissionDeniedException.class)
                .hasMessageContaining(message);

        assertThat(cluster.data()).isEqualTo(before);
        assertThat(cluster.client.v1().events().inNamespace("kserve").list().getItems()).extracting(Event::getReason)
                .contains("ConsoleChangeFailed");
        assertThat(io.modelcar.console.testsupport.Meters.counted(cluster.meters, StorageInitializerMetrics.WRITES,
                "outcome", "failed")).isEqualTo(1);
    }

    @Test
    void whenOpenDataHubOwnsTheConfigMapThenManagedByWarns() {
        cluster.client.configMaps().inNamespace("kserve").withName("inferenceservice-config").edit(cm -> {
            cm.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("datasciencecluster.opendatahub.io/v1").withKind("DataScienceCluster")
                    .withName("default-dsc").withUid("u1").build()));
            return cm;
        });
        assertThat(service.current().managedBy().willRevert()).isTrue();
    }

    @Test
    void everyConfigMapWriteCarriesAResourceVersion() {
        service.apply(ChangeRequest.mergePatch(null, json("{\"enableModelcar\": false}"), "alice", "api", false));
        service.apply(ChangeRequest.replace(cluster.resourceVersion(), json("{\"image\": \"x\", \"memoryRequest\": "
                + "\"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}"), "alice",
                "api", false));
        service.restore(service.history().get(1).id(), cluster.resourceVersion(), "alice", false);

        List<String> writes = cluster.configMapWriteBodies();
        assertThat(writes).hasSizeGreaterThanOrEqualTo(5); // config and history, three times each (first history is a create)
        assertThat(writes).allSatisfy(body -> assertThat(json(body).path("metadata").path("resourceVersion")
                .asString("")).isNotBlank());
    }

    @Test
    void whenOlderKServeThenValidatedForThatVersion() {
        try (StorageInitializerFixture old = new StorageInitializerFixture("kserve/kserve-controller:v0.16.0")) {
            old.storeRaw("{\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", "
                    + "\"cpuLimit\": \"1\", \"ociModelMode\": \"sidecar\"}");
            StorageInitializerView view = old.service.current();
            assertThat(view.kserveVersion()).isEqualTo("v0.16.0");
            assertThat(view.problems()).extracting(FieldProblem::field)
                    .containsExactly("cpuModelcar", "memoryModelcar", "ociModelMode");
            assertThat(view.problems()).extracting(FieldProblem::severity).containsExactly("error", "error", "notice");
        }
    }

    @Test
    void whenConfigMapMissingThenNotFound() {
        cluster.client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).delete();
        assertThatThrownBy(service::current).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status().value()).isEqualTo(404));
    }

    @Test
    void whenKeyIsMissingThenNotFoundButAPutWithTheConfigMapVersionCreatesIt() {
        cluster.client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().remove("storageInitializer");
            return cm;
        });
        assertThatThrownBy(service::current).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status().value()).isEqualTo(404));

        service.apply(ChangeRequest.replace(cluster.resourceVersion(), json("{\"memoryRequest\": \"100Mi\", "
                + "\"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}"), "alice", "api", false));

        assertThat(service.current().valid()).isTrue();
        assertThat(service.history().get(0).before()).isNull();
    }

    @Test
    void whenAKeyIsStoredTwiceThenANoticeSaysTheLastWins() {
        cluster.storeRaw(cluster.raw().replace("\"cpuLimit\": \"1\",", "\"cpuLimit\": \"1\", \"cpuLimit\": \"2\","));

        StorageInitializerView view = service.current();

        assertThat(view.config().get("cpuLimit").stringValue()).isEqualTo("2");
        assertThat(view.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("cpuLimit");
            assertThat(p.severity()).isEqualTo("notice");
            assertThat(p.message()).contains("last value");
        });
    }

    /**
     * Go decodes every occurrence of a key in order and keeps the first type error even when a later occurrence is
     * well typed: KServe then panics on every model pod. The tree (Jackson keeps the last occurrence) hid it.
     */
    @Test
    void whenAnEarlierOccurrenceOfAKeyHasTheWrongTypeThenTheStoredValueIsInvalid() {
        cluster.storeRaw(cluster.raw().replace("\"cpuLimit\": \"1\",", "\"cpuLimit\": 1, \"cpuLimit\": \"1\","));

        StorageInitializerView view = service.current();

        assertThat(view.valid()).isFalse();
        assertThat(view.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("cpuLimit");
            assertThat(p.severity()).isEqualTo("error");
            assertThat(p.message()).contains("Must be a JSON string, not the number 1");
        });
    }

    /** Saving what is shown writes the key once: the stored duplicate is repaired, not left as "unchanged". */
    @Test
    void whenTheStoredValueHasADuplicateKeyThenSavingTheSameContentWritesItOnce() {
        cluster.storeRaw(cluster.raw().replace("\"cpuLimit\": \"1\",", "\"cpuLimit\": 1, \"cpuLimit\": \"1\","));
        StorageInitializerView current = service.current();

        StorageInitializerView answer = service.apply(ChangeRequest.replace(current.resourceVersion(),
                current.config(), "alice", "api", false));

        assertThat(answer.resourceVersion()).isNotEqualTo(current.resourceVersion());
        assertThat(ConfigJson.duplicateKeys(cluster.raw())).isEmpty();
        assertThat(service.current().valid()).isTrue();
    }
}
