package io.modelcar.console.toggles;

import static io.modelcar.console.testsupport.Meters.counted;
import static io.modelcar.console.testsupport.Meters.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Toggle flips, pending expiries and the configuration writes they cause, as counted in the console's meters. */
class ToggleMetricsTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final String WRITES = "modelcar_console_config_writes";

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
    void whenATimedFlipIsMadeAndRunsOutThenFlipsPendingExpiriesAndWritesAreCounted() {
        console.toggles.flip("modelcar", new ToggleService.Flip(false, "PT1H", null, null, rv()), "alice", "page");

        assertThat(counted(console.meters, ToggleMetrics.FLIPS, "toggle", "modelcar", "state", "off", "trigger",
                "page")).isEqualTo(1);
        assertThat(gauge(console.meters, ToggleMetrics.PENDING_EXPIRIES)).isEqualTo(1);
        assertThat(counted(console.meters, WRITES, "source", "toggle", "outcome", "success")).isEqualTo(1);

        clock.advance(Duration.ofHours(1));
        assertThat(console.expiry.expireDue()).isEqualTo(1);
        console.expiry.expireDue();

        assertThat(counted(console.meters, ToggleMetrics.FLIPS, "toggle", "modelcar", "state", "on", "trigger",
                "expiry")).isEqualTo(1);
        assertThat(gauge(console.meters, ToggleMetrics.PENDING_EXPIRIES)).isZero();
        assertThat(counted(console.meters, WRITES, "source", "expiry", "outcome", "success")).isEqualTo(1);
    }

    @Test
    void whenTheKillSwitchIsUsedThenItIsOneFlipAndATogglesWrite() {
        console.toggles.killSwitch(null, null, "bob", "api");

        assertThat(counted(console.meters, ToggleMetrics.FLIPS, "toggle", "kill-switch", "state", "off", "trigger",
                "api")).isEqualTo(1);
        assertThat(counted(console.meters, WRITES, "source", "toggle", "outcome", "success")).isEqualTo(1);
        assertThat(counted(console.meters, WRITES, "source", "api")).isZero();
    }

    @Test
    void whenAFlipIsStaleThenNoFlipIsCounted() {
        String stale = rv();
        console.toggles.flip("modelcar", new ToggleService.Flip(false, null, null, null, stale), "alice", "api");

        try {
            console.toggles.flip("modelcar", new ToggleService.Flip(true, null, null, null, stale), "alice", "api");
        } catch (RuntimeException expected) {
            // 412: the version moved on
        }

        assertThat(counted(console.meters, ToggleMetrics.FLIPS, "toggle", "modelcar")).isEqualTo(1);
    }

    private String rv() {
        return client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getMetadata().getResourceVersion();
    }
}
