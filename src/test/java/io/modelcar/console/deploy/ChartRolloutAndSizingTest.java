package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * What reaches running pods: a changed admin password rolls them (Kubernetes does not restart a pod when a Secret it
 * reads through an environment variable changes), the default memory limit leaves the JVM the heap that
 * docs/benchmarks.md measured for the largest inventory, with headroom, and the proxies whose forwarded headers are
 * believed can be narrowed to the ingress controller.
 */
class ChartRolloutAndSizingTest {

    static final String OTHER_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoO5A1sSb5QeXYvJ0K6mJ5lqNoCZ5p1DbW";

    private static Map<String, String> podAnnotations(String passwordHash) {
        Deployment deployment = ChartRendering.render(null, Map.of("console.admin.passwordHash", passwordHash))
                .one(Deployment.class);
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    @Test
    void aChangedAdminPasswordRollsThePodsAndAnUnchangedOneDoesNot() {
        Map<String, String> before = podAnnotations(HelmChartTest.SANDBOX_HASH);
        Map<String, String> again = podAnnotations(HelmChartTest.SANDBOX_HASH);
        Map<String, String> changed = podAnnotations(OTHER_HASH);

        assertThat(again).isEqualTo(before);
        assertThat(changed).isNotEqualTo(before);
        assertThat(changed.get("checksum/config")).isEqualTo(before.get("checksum/config"));
    }

    @Test
    void defaultMemoryLimitHoldsTheLargestBenchmarkedInventoryWithHalfAgainAsHeadroom() throws IOException {
        Deployment deployment = ChartRendering.renderDefaults().one(Deployment.class);
        Container console = HelmChartTest.console(deployment);
        Quantity limit = console.getResources().getLimits().get("memory");
        double heapMiB = Quantity.getAmountInBytes(limit).divide(BigDecimal.valueOf(1024 * 1024)).doubleValue()
                * maxRamPercentage(console) / 100;

        assertThat(heapMiB).as("max heap (MiB) from the chart's memory limit and the pod's MaxRAMPercentage")
                .isGreaterThanOrEqualTo(1.5 * largestBenchmarkedHeapMb());
    }

    /**
     * The heap share the pod's JVM gets: the chart's {@code javaOptions} (JAVA_TOOL_OPTIONS) replace the image's
     * environment variable of that name, so the Dockerfile's value counts only where the chart sets none.
     */
    private static double maxRamPercentage(Container console) throws IOException {
        String options = console.getEnv().stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.getName()))
                .map(EnvVar::getValue).findFirst().orElse(Files.readString(Path.of("Dockerfile")));
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)").matcher(options);
        assertThat(m.find()).as("the pod's JVM options set -XX:MaxRAMPercentage").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * The largest "heap after sync, full GC (MB)" in the inventory benchmark's tables: the whole console's heap in a
     * JVM of its own (runs C and later). Runs A and B measured a heap difference of informers that held whole objects,
     * code that no longer exists.
     */
    private static int largestBenchmarkedHeapMb() throws IOException {
        int largest = 0;
        int column = -1;
        for (String line : Files.readAllLines(Path.of("docs", "benchmarks.md"))) {
            if (!line.startsWith("|")) {
                column = -1;
                continue;
            }
            String[] cells = line.split("\\|", -1);
            for (int i = 0; i < cells.length; i++) {
                if (cells[i].trim().startsWith("heap after sync, full GC")) {
                    column = i;
                }
            }
            if (column > 0 && column < cells.length && cells[column].trim().matches("\\d+")) {
                largest = Math.max(largest, Integer.parseInt(cells[column].trim()));
            }
        }
        assertThat(largest).as("docs/benchmarks.md reports the console's heap after sync").isPositive();
        return largest;
    }

    @Test
    void trustedProxiesBecomeTomcatsInternalProxiesAndTheDefaultLeavesTomcatsOwn() {
        Map<String, Object> narrowed = HelmChartTest.applicationYaml(ChartRendering.render(null,
                Map.of("trustedProxies", "10[.]42[.]0[.]12")));
        Map<String, Object> defaults = HelmChartTest.applicationYaml(ChartRendering.renderDefaults());

        assertThat(HelmChartTest.path(narrowed, "server", "tomcat", "remoteip", "internal-proxies"))
                .isEqualTo("10[.]42[.]0[.]12");
        assertThat(defaults).doesNotContainKey("server");
    }
}
