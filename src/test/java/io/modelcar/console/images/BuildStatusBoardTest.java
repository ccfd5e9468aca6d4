package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image build status where every replica reads it: one ConfigMap, bounded, written with the version read. */
class BuildStatusBoardTest {

    MockKubernetesApi api;
    KubernetesClient client;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));

    @BeforeEach
    void seed() {
        api = MockKubernetesApi.start();
        client = api.client();
        new KServeSeed(client).all();
    }

    @AfterEach
    void close() {
        api.close();
    }

    BuildStatusBoard board(int kept) {
        KServeDiscovery discovery = new KServeDiscovery(client, new KubernetesProperties(null, null, false,
                Duration.ofSeconds(10), null, "control-plane=kserve-controller-manager", KServeSeed.CONFIG_MAP),
                java.time.Clock.systemUTC());
        return new BuildStatusBoard(client, discovery, "modelcar-console-builds", kept, clock);
    }

    ImageBuild build(String id, ImageBuild.State state, int steps) {
        List<ImageBuild.Step> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new ImageBuild.Step(clock.instant(), "step " + i));
        }
        return new ImageBuild(id, state, state.finished() ? 100 : 40, "msg", list, "127.0.0.1:5000/m:1", 1, 7,
                state == ImageBuild.State.Succeeded ? "sha256:" + "a".repeat(64) : null, null, null,
                clock.instant(), state.finished() ? clock.instant() : null);
    }

    @Test
    void whenOneReplicaPublishesThenAnotherReadsTheSameStatus() {
        BuildStatusBoard running = board(50);
        BuildStatusBoard other = board(50);
        List<ImageBuild> local = new ArrayList<>(List.of(build("b1", ImageBuild.State.Building, 3)));
        running.publishFrom(() -> List.copyOf(local));

        running.flush();
        assertThat(other.find("b1")).hasValueSatisfying(b -> assertThat(b.state()).isEqualTo(
                ImageBuild.State.Building));

        local.set(0, build("b1", ImageBuild.State.Succeeded, 4));
        running.flush();
        assertThat(other.find("b1")).hasValueSatisfying(b -> {
            assertThat(b.state()).isEqualTo(ImageBuild.State.Succeeded);
            assertThat(b.steps()).hasSize(4);
        });
        assertThat(other.find("absent")).isEmpty();
        assertThat(api.count("PUT", p -> p.contains("/configmaps/modelcar-console-builds"))).isEqualTo(1);
        assertThat(api.requests()).filteredOn(r -> r.getMethod().equals("PUT"))
                .allSatisfy(r -> assertThat(r.getBody().readUtf8()).contains("\"resourceVersion\""));
    }

    @Test
    void whenNothingChangedThenNothingIsWrittenUntilTheHeartbeatOfARunningBuildIsDue() {
        BuildStatusBoard running = board(50);
        running.publishFrom(() -> List.of(build("b1", ImageBuild.State.Building, 1)));
        running.flush();
        api.clearRequests();

        running.flush();
        assertThat(api.count("PUT", p -> p.contains("modelcar-console-builds"))).isZero();

        clock.advance(BuildStatusBoard.SILENCE.dividedBy(3));
        running.flush();
        assertThat(api.count("PUT", p -> p.contains("modelcar-console-builds"))).isEqualTo(1);
    }

    @Test
    void whenTheReplicaRunningABuildFellSilentThenTheBuildReadsAsFailed() {
        BuildStatusBoard running = board(50);
        running.publishFrom(() -> List.of(build("b1", ImageBuild.State.Pushing, 1),
                build("b2", ImageBuild.State.Succeeded, 1)));
        running.flush();

        clock.advance(BuildStatusBoard.SILENCE.plusSeconds(1));

        BuildStatusBoard other = board(50);
        assertThat(other.find("b1")).hasValueSatisfying(b -> {
            assertThat(b.state()).isEqualTo(ImageBuild.State.Failed);
            assertThat(b.error()).containsEntry("title", "Build interrupted");
        });
        assertThat(other.find("b2")).hasValueSatisfying(b -> assertThat(b.state())
                .isEqualTo(ImageBuild.State.Succeeded));
    }

    @Test
    void theBoardKeepsTheNewestBuildsAndTheLastStepsOnly() {
        BuildStatusBoard board = board(3);
        List<ImageBuild> builds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            builds.add(build("b" + i, ImageBuild.State.Succeeded, 300));
            clock.advance(Duration.ofSeconds(1));
        }
        builds.add(build("running", ImageBuild.State.Building, 1));

        board.publish(builds);

        assertThat(board.list()).extracting(ImageBuild::id).containsExactly("running", "b4", "b3");
        assertThat(board.find("b4").orElseThrow().steps()).hasSize(BuildStatusBoard.KEPT_STEPS)
                .first().satisfies(s -> assertThat(s.message()).isEqualTo("step 0"));
        ConfigMap stored = client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName("modelcar-console-builds")
                .get();
        int bytes = stored.getData().values().stream().mapToInt(String::length).sum();
        assertThat(bytes).isLessThan(100_000);
        assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by",
                "modelcar-console");
        assertThat(Map.copyOf(stored.getData())).hasSize(3);
    }
}
