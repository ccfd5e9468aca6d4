package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * docs/deployment.md, "Several replicas", says exactly what is safe with several replicas: every cookie that carries
 * browser state, every piece of background work in the code, and the chart's defaults it names are as it says.
 */
class SeveralReplicasDocsTest {

    static String section() throws IOException {
        String docs = Files.readString(Path.of("docs/deployment.md"));
        int start = docs.indexOf("## Several replicas");
        assertThat(start).as("docs/deployment.md has the section").isNotNegative();
        int end = docs.indexOf("\n## ", start + 5);
        return docs.substring(start, end < 0 ? docs.length() : end);
    }

    @Test
    void everyCookieThatCarriesBrowserStateIsListed() throws IOException {
        String section = section();

        for (String cookie : List.of(CookieSecurityContextRepository.COOKIE, StatelessBrowserSessions.CSRF_COOKIE,
                CookieAuthorizationRequestRepository.COOKIE, CookieFlashMapManager.COOKIE, "REDIRECT_URI")) {
            assertThat(section).as("the section lists cookie %s", cookie).contains("`" + cookie + "`");
        }
    }

    @Test
    void everyComponentThatWorksInTheBackgroundIsListedWithWhereItRuns() throws IOException {
        String section = section();
        List<String> background = backgroundComponents();

        assertThat(background).contains("ToggleExpiry", "RestartTracker", "BuildStatusBoard", "InventoryWatcher");
        assertThat(background).allSatisfy(name -> assertThat(section)
                .as("the section says where %s runs with several replicas", name).contains("`" + name + "`"));
    }

    @Test
    void theChartDefaultsTheSectionNamesAreTheChartsDefaults() throws IOException {
        String section = section();
        Map<String, Object> values;
        try (InputStream in = Files.newInputStream(Path.of("helm/modelcar-console/values.yaml"))) {
            values = new Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> records = (Map<String, Object>) values.get("records");

        assertThat(values.get("replicaCount")).isEqualTo(2);
        assertThat(section).contains("`" + records.get("leaderLease") + "`")
                .contains("`" + records.get("builds") + "`");
        assertThat(new ReplicaDefaults().leaseName()).isEqualTo(records.get("leaderLease"));
        assertThat(Files.readString(Path.of("docs/deployment.md")))
                .contains("| `replicaCount` | `" + values.get("replicaCount") + "` |");
    }

    /** Components with a {@code @Scheduled} method, a scheduler of their own, or a lifecycle of their own. */
    static List<String> backgroundComponents() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        List<String> names = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.modelcar.console")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            boolean scheduled = false;
            for (Method method : type.getDeclaredMethods()) {
                scheduled |= method.isAnnotationPresent(Scheduled.class);
            }
            for (Field field : type.getDeclaredFields()) {
                scheduled |= ScheduledExecutorService.class.isAssignableFrom(field.getType());
            }
            boolean lifecycle = SmartLifecycle.class.isAssignableFrom(type)
                    && !type.getPackageName().endsWith(".replicas");
            if (scheduled || lifecycle) {
                names.add(type.getSimpleName());
            }
        }
        return names;
    }

    /** The application's default Lease name, as bound without configuration. */
    private static final class ReplicaDefaults {

        String leaseName() {
            return new org.springframework.boot.context.properties.bind.Binder(
                    new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                    .bindOrCreate("console.replicas", io.modelcar.console.replicas.ReplicaProperties.class)
                    .leaseName();
        }
    }
}
