package io.modelcar.console.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.KServeSeed;

/**
 * What a real cluster would do on its own and the in-memory API does not (it runs no controllers): features add
 * their simulations here, e.g. the controller Deployment's rollout.
 */
final class SandboxSimulations {

    private SandboxSimulations() {
    }

    static void start(KubernetesClient client) {
        // features register their simulations here
        // the KServe controller Deployment's rollouts (see ControllerRolloutSimulation for the crash-loop switch)
        ControllerRolloutSimulation.sandbox(client, KServeSeed.NAMESPACE, KServeSeed.CONTROLLER).start();
    }
}
