package io.modelcar.console.kubernetes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import org.springframework.util.StringUtils;

/**
 * Builds the {@link KubernetesClient} of a remote cluster of the fleet (docs/fleet.md): from its own kubeconfig file
 * and context, or from its API server URL with a ServiceAccount token file, never from another cluster's
 * credentials. The client gets the console's timeouts, retries and user agent, and feeds the cluster's own
 * {@link ClusterState}.
 */
public final class ClusterClients {

    private ClusterClients() {
    }

    /**
     * The connection of one remote cluster.
     *
     * @param masterUrl         API server URL (with {@code tokenFile}); wins over {@code kubeconfig}
     * @param tokenFile         file holding a bearer token (a ServiceAccount token), re-read for every request so
     *                          that a rotated token is picked up
     * @param caFile            PEM file of the API server's certificate authority (with {@code masterUrl})
     * @param kubeconfig        kubeconfig file
     * @param context           context of the kubeconfig; its current context when empty
     * @param trustCertificates trust the API server certificate without verification (tests only)
     */
    public record Connection(String masterUrl, String tokenFile, String caFile, String kubeconfig, String context,
            boolean trustCertificates) {
    }

    /** A client of the cluster {@code connection} reaches; building it never contacts the cluster. */
    public static KubernetesClient create(Connection connection, KubernetesProperties properties,
            ClusterState state) {
        return KubernetesConfiguration.client(config(connection, properties), state);
    }

    static Config config(Connection connection, KubernetesProperties properties) {
        Config base;
        if (StringUtils.hasText(connection.masterUrl())) {
            ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(connection.masterUrl());
            if (StringUtils.hasText(connection.caFile())) {
                builder.withCaCertFile(connection.caFile());
            }
            base = builder.build();
            if (StringUtils.hasText(connection.tokenFile())) {
                Path token = Path.of(connection.tokenFile());
                base.setOauthTokenProvider(() -> read(token).trim());
            }
        } else if (StringUtils.hasText(connection.kubeconfig())) {
            String context = StringUtils.hasText(connection.context()) ? connection.context() : null;
            // Not Config.fromKubeconfig: after the kubeconfig it applies this process's own kubernetes.* system
            // properties and KUBERNETES_* environment variables (the home cluster's master URL, token, ...), which
            // must never reach another cluster. The kubeconfig alone, merged as fabric8 merges it.
            base = Config.empty();
            KubeConfigUtils.merge(base, context, KubeConfigUtils.parseConfig(new File(connection.kubeconfig())));
        } else {
            throw new IllegalArgumentException("a remote cluster needs master-url (with token-file) or kubeconfig");
        }
        Config tuned = KubernetesConfiguration.tuned(base, properties);
        if (connection.trustCertificates()) {
            tuned.setTrustCerts(true);
            tuned.setDisableHostnameVerification(true);
        }
        if (base.getOauthTokenProvider() != null) {
            tuned.setOauthTokenProvider(base.getOauthTokenProvider());
        }
        return tuned;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
