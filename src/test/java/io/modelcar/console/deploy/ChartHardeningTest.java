package io.modelcar.console.deploy;

import static io.modelcar.console.deploy.HelmChartTest.applicationYaml;
import static io.modelcar.console.deploy.HelmChartTest.console;
import static io.modelcar.console.deploy.HelmChartTest.path;
import static io.modelcar.console.deploy.HelmChartTest.volume;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's part of issue 14: uploads and build caches on their own size-limited volume (point 3), the registry
 * allow-list and pull-secret access reach the console (points 2 and 4), and an opt-in egress NetworkPolicy (point 2).
 */
class ChartHardeningTest {

    static final String IMAGES_WORK_DIR = "/var/lib/modelcar-images";

    @TempDir
    Path tmp;

    @Test
    void uploadsAndBuildCachesHaveTheirOwnSizeLimitedVolumeAndTheConsoleUsesIt() {
        ChartRendering.Manifests manifests = ChartRendering.render(ChartRendering.valuesFile(tmp, """
                images:
                  workDirSizeLimit: 3Gi
                """), Map.of());
        Deployment deployment = manifests.one(Deployment.class);

        assertThat(console(deployment).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo(IMAGES_WORK_DIR);
            assertThat(volume(deployment, m.getName()).getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("3Gi"));
        });
        assertThat(path(applicationYaml(manifests), "console", "images", "work-dir")).isEqualTo(IMAGES_WORK_DIR);
        assertThat(manifests.all(NetworkPolicy.class)).as("opt-in").isEmpty();
    }

    @Test
    void theRegistryAllowListAndPullSecretAccessReachTheConsole() {
        ChartRendering.Manifests manifests = ChartRendering.render(ChartRendering.valuesFile(tmp, """
                images:
                  allowedRegistries: ["quay.io", "*.example.com"]
                  pullSecretAccess:
                    team-a: [role:admin, user:alice]
                """), Map.of());

        Map<String, Object> config = applicationYaml(manifests);
        assertThat(path(config, "console", "images", "allowed-registries")).isEqualTo(List.of("quay.io",
                "*.example.com"));
        assertThat(path(config, "console", "images", "pull-secret-access", "[team-a]"))
                .isEqualTo(List.of("role:admin", "user:alice"));
    }

    @Test
    void theEgressNetworkPolicyAllowsDnsTheApiServerAndTheGivenRegistriesOnly() {
        ChartRendering.Manifests manifests = ChartRendering.render(ChartRendering.valuesFile(tmp, """
                networkPolicy:
                  enabled: true
                  kubernetesApi:
                    cidrs: [10.96.0.1/32]
                    port: 6443
                  egress:
                    - cidr: 203.0.113.0/24
                      ports: [443]
                """), Map.of());

        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNotEmpty();
        assertThat(policy.getSpec().getEgress()).hasSize(3);
        assertThat(policy.getSpec().getEgress().get(0).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsOnly(53);
        assertThat(policy.getSpec().getEgress().get(1).getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.96.0.1/32"));
        assertThat(policy.getSpec().getEgress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(6443);
        assertThat(policy.getSpec().getEgress().get(2).getTo().get(0).getIpBlock().getCidr())
                .isEqualTo("203.0.113.0/24");
    }
}
