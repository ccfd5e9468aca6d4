package io.modelcar.console.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The one {@link KubernetesClient} of the console. Tests and the sandbox replace it by defining their own bean
 * or by setting {@code console.kubernetes.master-url}.
 */
@Configuration(proxyBeanMethods = false)
class KubernetesConfiguration {

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(KubernetesProperties properties, ClusterState clusterState) {
        // Building the client never contacts the cluster: the console starts while the API server is down.
        return client(clientConfig(properties), clusterState);
    }

    /** A client on {@code config} whose every request feeds {@code clusterState}. */
    static KubernetesClient client(Config config, ClusterState clusterState) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(
                        ClusterStateInterceptor.NAME, new ClusterStateInterceptor(clusterState)))
                .build();
    }

    /** Explicit properties first, then the in-cluster ServiceAccount, then kubeconfig. */
    static Config clientConfig(KubernetesProperties properties) {
        Config base;
        if (StringUtils.hasText(properties.masterUrl())) {
            base = new ConfigBuilder(Config.empty()).withMasterUrl(properties.masterUrl()).build();
        } else if (System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(SERVICE_ACCOUNT_TOKEN)) {
            base = Config.autoConfigure(null);
        } else if (StringUtils.hasText(properties.kubeconfig())) {
            base = Config.fromKubeconfig(null, readKubeconfig(properties.kubeconfig()), properties.kubeconfig());
        } else {
            base = Config.autoConfigure(null);
        }
        return tuned(base, properties);
    }

    /** The console's timeouts, retries, user agent and certificate trust over a connection's base config. */
    static Config tuned(Config base, KubernetesProperties properties) {
        ConfigBuilder builder = new ConfigBuilder(base)
                .withRequestTimeout((int) properties.requestTimeout().toMillis())
                .withConnectionTimeout((int) properties.requestTimeout().toMillis())
                // bounded retries with backoff on 5xx/429 and connection errors
                .withRequestRetryBackoffLimit(3)
                .withRequestRetryBackoffInterval(200)
                .withUserAgent(properties.userAgent());
        if (properties.trustCertificates()) {
            builder.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        return builder.build();
    }

    private static String readKubeconfig(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }
}
