package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote cluster's client is built from its own connection only: whatever the console's own process would
 * authenticate with (here fabric8's {@code kubernetes.auth.token} and {@code kubernetes.master} system properties,
 * which fabric8 reads when it configures itself) never reaches another cluster, whether the remote is given by URL
 * and token file or by kubeconfig; and a token file is read again for each request, as a mounted Secret rotates.
 */
class ClusterClientsTest {

    static final KubernetesProperties PROPERTIES = new KubernetesProperties(null, null, false, Duration.ofSeconds(5),
            "kserve", "control-plane=kserve-controller-manager", "inferenceservice-config");

    @BeforeEach
    void homeCredentialsInTheProcess() {
        System.setProperty(Config.KUBERNETES_OAUTH_TOKEN_SYSTEM_PROPERTY, "home-token");
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, "https://home.example:6443");
    }

    @AfterEach
    void clear() {
        System.clearProperty(Config.KUBERNETES_OAUTH_TOKEN_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
    }

    /** The token a request carries, in fabric8's order: the provider, the explicit token, the kubeconfig's. */
    static String token(Config config) {
        if (config.getOauthTokenProvider() != null) {
            return config.getOauthTokenProvider().getToken();
        }
        return config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
    }

    @Test
    void whenARemoteIsGivenByUrlAndTokenFileThenOnlyItsOwnTokenAndUrlAreUsedAndTheFileIsReadAgain(
            @TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "staging-token\n");

        Config config = ClusterClients.config(new ClusterClients.Connection("https://staging.example:6443",
                token.toString(), null, null, null, false), PROPERTIES);

        assertThat(config.getMasterUrl()).startsWith("https://staging.example:6443");
        assertThat(token(config)).isEqualTo("staging-token");
        Files.writeString(token, "rotated-token");
        assertThat(token(config)).isEqualTo("rotated-token");
    }

    @Test
    void whenARemoteIsGivenByKubeconfigThenOnlyItsOwnCredentialsAreUsed(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: production
                  cluster: {server: "https://production.example:6443"}
                users:
                - name: console
                  user: {token: production-token}
                contexts:
                - name: production
                  context: {cluster: production, user: console}
                current-context: production
                """);

        Config config = ClusterClients.config(new ClusterClients.Connection(null, null, null, kubeconfig.toString(),
                null, false), PROPERTIES);

        assertThat(config.getMasterUrl()).startsWith("https://production.example:6443");
        assertThat(token(config)).isEqualTo("production-token");
    }

    @Test
    void whenARemoteHasAUrlButNoTokenThenItGetsNoTokenRatherThanTheHomeOne() {
        Config config = ClusterClients.config(new ClusterClients.Connection("https://staging.example:6443", null,
                null, null, null, false), PROPERTIES);

        assertThat(token(config)).isNotEqualTo("home-token");
    }
}
