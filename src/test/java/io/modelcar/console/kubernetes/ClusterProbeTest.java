package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.Test;

/**
 * The probe asks the API server as soon as the bean is initialised, before the context's lifecycles start at the end
 * of its refresh: readiness, which waits for the API server's answer, is up with the context, not 1-2.5 s after it.
 */
class ClusterProbeTest {

    @Test
    void theFirstAnswerIsInBeforeTheLifecycleStartsAndStopsWithTheBean() throws Exception {
        try (MockKubernetesApi api = MockKubernetesApi.start()) {
            ClusterState state = new ClusterState(Clock.systemUTC());
            try (KubernetesClient client = KubernetesConfiguration.client(api.client().getConfiguration(), state)) {
                ClusterProbe probe = new ClusterProbe(client, state,
                        new ClusterHealthProperties(Duration.ofSeconds(10), Duration.ofSeconds(10)));
                assertThat(state.lastContact()).isEmpty();

                probe.afterPropertiesSet();
                assertThat(probe.isRunning()).as("running: the lifecycle does not start it again").isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (state.lastContact().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(state.lastContact()).as("contact without start()").isPresent();
                assertThat(state.reachable()).isTrue();

                probe.destroy();
                assertThat(probe.isRunning()).isFalse();
            }
        }
    }
}
