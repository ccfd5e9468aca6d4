package io.modelcar.console.rollout;

import static io.modelcar.console.testsupport.Meters.counted;
import static io.modelcar.console.testsupport.Meters.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Controller restarts as counted in the console's meters: by outcome, with the duration of finished ones. */
class RestartMetricsTest {

    RolloutFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void whenARestartSucceedsThenRequestedAndSucceededAreCountedWithItsDuration() {
        fixture = new RolloutFixture();
        ControllerRestartService service = fixture.service();

        service.start("operator", null);
        awaitFinished();

        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "requested")).isEqualTo(1);
        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "succeeded")).isEqualTo(1);
        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "failed")).isZero();
        assertThat(timed(fixture.meters, RestartMetrics.DURATION, "outcome", "succeeded")).isEqualTo(1);
        assertThat(fixture.meters.find(RestartMetrics.DURATION).tag("outcome", "succeeded").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void whenTheNewPodCrashLoopsThenFailedIsCountedWithItsDuration() {
        fixture = new RolloutFixture();
        fixture.simulation.crashLoop(true);
        ControllerRestartService service = fixture.service();

        service.start("operator", "rollout");
        awaitFinished();

        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "failed")).isEqualTo(1);
        assertThat(timed(fixture.meters, RestartMetrics.DURATION, "outcome", "failed")).isEqualTo(1);
        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "succeeded")).isZero();
    }

    @Test
    void whenTheDeploymentIsPausedThenTheRefusalIsCounted() {
        fixture = new RolloutFixture();
        fixture.client.apps().deployments().inNamespace("kserve").withName(KServeSeed.CONTROLLER).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });

        assertThatThrownBy(() -> fixture.service().start("operator", "rollout"));

        assertThat(counted(fixture.meters, RestartMetrics.RESTARTS, "outcome", "refused")).isEqualTo(1);
        assertThat(timed(fixture.meters, RestartMetrics.DURATION)).isZero();
    }

    /** The tracker counts a restart right after it records the end: wait for the count, not the record. */
    private void awaitFinished() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> timed(fixture.meters, RestartMetrics.DURATION) > 0);
    }
}
