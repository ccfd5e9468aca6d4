package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelcar.console.testsupport.Prerequisite;
import io.modelcar.console.testsupport.PrometheusTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's alerts, checked by Prometheus's own tool: the PrometheusRule rendered by Helm is valid
 * ({@code promtool check rules}), and every alert has a unit test of its own in
 * {@code src/test/resources/prometheus/<alert>.test.yaml} that fires it and keeps it quiet
 * ({@code promtool test rules}).
 */
class PrometheusRulesTest {

    @RegisterExtension
    static final Prerequisite PROMTOOL = PrometheusTools.promtool();

    static final Path TESTS = Path.of("src/test/resources/prometheus");
    /** The console URL the test files expect in the alerts' links. */
    static final String CONSOLE_URL = "https://console.example.com";

    @TempDir
    Path dir;

    @Test
    void theRenderedRulesPassPromtoolCheck() throws IOException {
        writeRules(dir);

        PrometheusTools.Result check = PrometheusTools.promtool(dir, "check", "rules", "rules.yaml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void everyAlertHasItsOwnTestFileAndNoTestFileNamesAnAlertThatIsGone() throws IOException {
        try (Stream<Path> files = Files.list(TESTS)) {
            List<String> tested = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".test.yaml")).map(n -> n.substring(0, n.length() - 10)).sorted()
                    .toList();
            assertThat(tested).containsExactlyElementsOf(alertNames());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alertNames")
    void theAlertFiresWhenItShouldAndStaysQuietOtherwise(String alert) throws IOException {
        writeRules(dir);
        Path test = TESTS.resolve(alert + ".test.yaml");
        Files.copy(test, dir.resolve(test.getFileName()));
        Map<String, Object> spec = new Yaml().load(Files.readString(test));
        assertThat(alertsTestedIn(spec)).as("a test file tests its own alert only").containsOnly(alert);
        assertThat(hasQuietCase(spec, alert)).as("one evaluation expects no alert").isTrue();

        PrometheusTools.Result result = PrometheusTools.promtool(dir, "test", "rules", test.getFileName().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    static List<String> alertNames() {
        return new ArrayList<>(new TreeSet<>(rules().stream().map(r -> (String) r.get("alert")).toList()));
    }

    /** The rule groups of the chart's PrometheusRule, as a rules file for Prometheus. */
    static void writeRules(Path dir) {
        try {
            Files.writeString(dir.resolve("rules.yaml"), new Yaml().dump(Map.of("groups", groups())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> groups() {
        GenericKubernetesResource rule = ChartRendering.render(null, Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.consoleUrl", CONSOLE_URL)).all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        return rule.get("spec", "groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        return groups().stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertsTestedIn(Map<String, Object> spec) {
        return ((List<Map<String, Object>>) spec.get("tests")).stream()
                .flatMap(t -> ((List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())).stream())
                .map(a -> (String) a.get("alertname")).distinct().toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean hasQuietCase(Map<String, Object> spec, String alert) {
        return ((List<Map<String, Object>>) spec.get("tests")).stream()
                .flatMap(t -> ((List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())).stream())
                .anyMatch(a -> alert.equals(a.get("alertname"))
                        && ((List<?>) a.getOrDefault("exp_alerts", List.of())).isEmpty());
    }
}
