package io.modelcar.console.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's Grafana dashboard: it parses, has the shape Grafana loads (panels with a position and queries, a
 * Prometheus data-source variable), and every PromQL query in it names only metrics the running console exports.
 */
class GrafanaDashboardTest extends ManagementPortConsole {

    static final Path DASHBOARD = Path.of("helm/modelcar-console/dashboards/modelcar-console.json");
    static final Set<String> PANEL_TYPES = Set.of("row", "stat", "timeseries", "gauge", "table", "bargauge",
            "heatmap", "piechart", "text");
    static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    final JsonNode dashboard = read();

    @Test
    void theDashboardHasTheShapeGrafanaLoads() {
        assertThat(dashboard.get("title").asString()).isNotBlank();
        assertThat(dashboard.get("uid").asString()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(variables()).anySatisfy(v -> {
            assertThat(v.get("name").asString()).isEqualTo("datasource");
            assertThat(v.get("type").asString()).isEqualTo("datasource");
            assertThat(v.get("query").asString()).isEqualTo("prometheus");
        });
        Set<Integer> ids = new HashSet<>();
        List<JsonNode> panels = panels();
        assertThat(panels).filteredOn(p -> !p.get("type").asString().equals("row")).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            String title = panel.get("title").asString();
            assertThat(ids.add(panel.get("id").asInt())).as("unique id of " + title).isTrue();
            assertThat(panel.get("type").asString()).as(title).isIn(PANEL_TYPES);
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as(title).isBetween(1, 24);
            assertThat(grid.get("h").asInt()).as(title).isPositive();
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(title).isNotEmpty();
            panel.get("targets").forEach(t -> {
                assertThat(t.get("refId").asString()).as(title).isNotBlank();
                assertThat(t.get("expr").asString()).as(title).isNotBlank();
            });
        }
    }

    @Test
    void everyQueryNamesOnlyMetricsTheConsoleExports() {
        await().atMost(Duration.ofSeconds(20)).until(() -> scrape().value("modelcar_console_inventory_synced") == 1);
        Set<String> exported = scrape().names();

        List<String> queries = queries();
        assertThat(queries).hasSizeGreaterThan(10);
        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            Set<String> metrics = metricNames(query);
            assertThat(metrics).as("a metric in " + query).isNotEmpty();
            named.addAll(metrics);
        }
        assertThat(exported).containsAll(named);
    }

    @Test
    void theMetricNameExtractionSeesMetricsButNotFunctionsLabelsOrVariables() {
        assertThat(metricNames("histogram_quantile(0.9, sum by (le, kind) (rate(a_bucket{kind=~\"$k\"}"
                + "[$__rate_interval]))) > 0 and on (kind) b_total offset 5m")).containsExactly("a_bucket", "b_total");
        assertThat(metricNames("label_values(modelcar_console_inferenceservices, namespace)"))
                .containsExactly("modelcar_console_inferenceservices");
    }

    /** The metric names a PromQL expression reads (or the metric of a Grafana label_values() query). */
    static Set<String> metricNames(String promql) {
        Matcher labelValues = Pattern.compile("^label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(promql);
        if (labelValues.find()) {
            return Set.of(labelValues.group(1));
        }
        String stripped = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?(ms|s|m|h|d|w|y)?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            boolean function = stripped.substring(m.end()).matches("(?s)\\s*\\(.*");
            if (!function && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private List<String> queries() {
        List<String> queries = new ArrayList<>();
        panels().forEach(p -> {
            if (p.has("targets")) {
                p.get("targets").forEach(t -> queries.add(t.get("expr").asString()));
            }
        });
        variables().stream().filter(v -> v.get("type").asString().equals("query"))
                .forEach(v -> queries.add(v.get("query").get("query").asString()));
        return queries;
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
            panels.add(p);
            if (p.has("panels")) {
                p.get("panels").forEach(panels::add);
            }
        });
        return panels;
    }

    private List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        dashboard.get("templating").get("list").forEach(variables::add);
        return variables;
    }

    private static JsonNode read() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
