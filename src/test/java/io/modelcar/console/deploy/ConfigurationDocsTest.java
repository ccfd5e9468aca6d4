package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The configuration table of README.md lists every property of every {@code @ConfigurationProperties}
 * record of the console (nested records of the console's own, such as {@code oidc.*}, property by property).
 */
class ConfigurationDocsTest {

    @Test
    void everyConsolePropertyIsInTheConfigurationTable() throws IOException {
        String docs = Files.readString(Path.of("README.md"));
        List<String> properties = consoleProperties();

        assertThat(properties).contains("console.kubernetes.kserve-namespace", "console.security.users",
                "console.security.oidc.issuer-uri");
        assertThat(properties).allSatisfy(property -> assertThat(docs)
                .as("README.md lists %s", property).contains("| `" + property + "` |"));
    }

    static List<String> consoleProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> names = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.modelcar.console")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            collect(prefix, type, names);
        }
        return names;
    }

    private static void collect(String prefix, Class<?> type, List<String> names) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> valueType = component.getType();
            if (valueType.isRecord() && valueType.getPackageName().startsWith("io.modelcar.console")
                    && valueType.getAnnotation(ConfigurationProperties.class) == null) {
                collect(name, valueType, names);
            } else {
                names.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
