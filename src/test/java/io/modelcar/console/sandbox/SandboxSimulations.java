package io.modelcar.console.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a real cluster would do on its own and the in-memory API does not (it runs no controllers): features add
 * their simulations here, e.g. the controller Deployment's rollout.
 */
final class SandboxSimulations {

    private SandboxSimulations() {
    }

    static void start(KubernetesClient client) {
        // features register their simulations here
    }
}
