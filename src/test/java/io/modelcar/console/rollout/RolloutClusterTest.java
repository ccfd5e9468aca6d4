package io.modelcar.console.rollout;

import java.time.Duration;

import io.modelcar.console.sandbox.ControllerRolloutSimulation;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Like {@code MockClusterTest} (the whole console against a seeded in-memory API, sandbox users), but with an API of
 * its own plus the sandbox's rollout simulation: restarts replace the controller pod, which the shared API's other
 * tests must not see. Subclasses add {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and
 * {@code @ActiveProfiles("sandbox")}.
 */
abstract class RolloutClusterTest {

    protected static final MockKubernetesApi api = startSeeded();
    protected static final ControllerRolloutSimulation simulation = new ControllerRolloutSimulation(api.client(),
            KServeSeed.NAMESPACE, KServeSeed.CONTROLLER, Duration.ofMillis(300), Duration.ofMillis(700),
            Duration.ofSeconds(2)).start();

    private static MockKubernetesApi startSeeded() {
        MockKubernetesApi started = MockKubernetesApi.start();
        new KServeSeed(started.client()).all();
        return started;
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", api::url);
        registry.add("console.rollout.poll-interval", () -> "200ms");
        registry.add("console.rollout.resume-interval", () -> "1s");
    }
}
