package io.modelcar.console.kubernetes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console reaches the Kubernetes API and finds KServe in it.
 *
 * @param masterUrl         explicit API server URL; wins over the in-cluster ServiceAccount and kubeconfig
 * @param kubeconfig        explicit kubeconfig file; used when no master URL is set and not running in a pod
 * @param trustCertificates trust the API server certificate without verification (sandbox and tests only)
 * @param requestTimeout    timeout of a single API request
 * @param kserveNamespace   the namespace KServe runs in; when empty it is discovered from the controller labels
 * @param controllerLabel   label selector (key=value) of the KServe controller Deployment
 * @param configMapName     the ConfigMap KServe reads its configuration from
 * @param controllerName    name of the KServe controller Deployment; with {@code kserveNamespace} set, the console
 *                          reads it by name instead of listing Deployments by label, so that RBAC can grant
 *                          {@code get} on this one Deployment only (the Helm chart sets both)
 * @param userAgent         the {@code User-Agent} of every request, so that the API server's audit log and metrics
 *                          name the console
 */
@ConfigurationProperties("console.kubernetes")
public record KubernetesProperties(
        String masterUrl,
        String kubeconfig,
        @DefaultValue("false") boolean trustCertificates,
        @DefaultValue("10s") Duration requestTimeout,
        String kserveNamespace,
        @DefaultValue("control-plane=kserve-controller-manager") String controllerLabel,
        @DefaultValue("inferenceservice-config") String configMapName,
        String controllerName,
        @DefaultValue(DEFAULT_USER_AGENT) String userAgent) {

    public static final String DEFAULT_USER_AGENT = "modelcar-console";

    @ConstructorBinding
    public KubernetesProperties {
    }

    /** Without a controller name: found by label. */
    public KubernetesProperties(String masterUrl, String kubeconfig, boolean trustCertificates,
            Duration requestTimeout, String kserveNamespace, String controllerLabel, String configMapName) {
        this(masterUrl, kubeconfig, trustCertificates, requestTimeout, kserveNamespace, controllerLabel, configMapName,
                null, DEFAULT_USER_AGENT);
    }

    public String controllerLabelKey() {
        return controllerLabel.substring(0, controllerLabel.indexOf('='));
    }

    public String controllerLabelValue() {
        return controllerLabel.substring(controllerLabel.indexOf('=') + 1);
    }
}
