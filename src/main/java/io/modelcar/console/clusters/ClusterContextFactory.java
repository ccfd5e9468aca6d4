package io.modelcar.console.clusters;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.modelcar.console.kubernetes.ClusterClients;
import io.modelcar.console.kubernetes.ClusterState;
import io.modelcar.console.kubernetes.KubernetesProperties;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Builds a remote cluster's application context: the per-cluster modules scanned again into a child of the root
 * context, with the cluster's own client, properties and meter registry (tagged {@code cluster}). Everything else
 * (clock, JSON mapper, task scheduler, the console-wide properties) comes from the root.
 */
final class ClusterContextFactory {

    /**
     * The modules whose beans exist once per cluster. {@code web}, {@code security}, {@code images} and the fleet
     * stay in the root context: one login, one API, one image builder for the whole fleet.
     */
    static final String[] PER_CLUSTER_MODULES = {"kubernetes", "audit", "replicas", "environment",
            "inferenceservices", "rollout", "storageinitializer", "toggles"};
    static final String CONSOLE = "io.modelcar.console";

    private ClusterContextFactory() {
    }

    static ConfigurableApplicationContext create(ConfigurableApplicationContext root,
            ClustersProperties.Remote remote) {
        AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext();
        child.setParent(root);
        child.setId(root.getId() + ":cluster:" + remote.name());
        child.setDisplayName("cluster " + remote.name());
        child.setClassLoader(root.getClassLoader());
        ConfigurableEnvironment environment = environment(root.getEnvironment(), remote);
        child.setEnvironment(environment);

        KubernetesProperties kubernetes = Binder.get(environment)
                .bindOrCreate("console.kubernetes", Bindable.of(KubernetesProperties.class));
        ClusterClients.Connection connection = new ClusterClients.Connection(remote.masterUrl(), remote.tokenFile(),
                remote.caFile(), remote.kubeconfig(), remote.context(), remote.trustCertificates());
        // Beans the cluster must not share with the root: registered under the root's names (so they shadow the
        // root's beans) and primary (so a root bean of another name, e.g. a test's own client, does not compete).
        registerShadowing(root, child, KubernetesProperties.class, "kubernetesProperties", () -> kubernetes);
        registerShadowing(root, child, ClusterName.class, "clusterName", () -> new ClusterName(remote.name()));
        registerShadowing(root, child, KubernetesClient.class, "kubernetesClient",
                () -> ClusterClients.create(connection, kubernetes, child.getBean(ClusterState.class)));
        registerShadowing(root, child, MeterRegistry.class, "meterRegistry", () -> {
            CompositeMeterRegistry registry = new CompositeMeterRegistry();
            registry.config().commonTags("cluster", remote.name());
            root.getBeanProvider(MeterRegistry.class).ifAvailable(registry::add);
            return registry;
        });
        child.register(ChildInfrastructure.class);

        ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(child, true, environment);
        scanner.setResourceLoader(child);
        scanner.addExcludeFilter(new AnnotationTypeFilter(ControllerAdvice.class));
        scanner.addExcludeFilter(testClasses());
        TypeExcludeFilter rootExcludes = new TypeExcludeFilter();
        rootExcludes.setBeanFactory(root.getBeanFactory());
        scanner.addExcludeFilter(rootExcludes);
        String[] packages = new String[PER_CLUSTER_MODULES.length];
        for (int i = 0; i < packages.length; i++) {
            packages[i] = CONSOLE + "." + PER_CLUSTER_MODULES[i];
        }
        scanner.scan(packages);
        child.refresh();
        return child;
    }

    /** Tells the remote context's own listeners that the console is ready, without the event reaching the root. */
    static void ready(ConfigurableApplicationContext child, ApplicationReadyEvent rootEvent, Duration taken) {
        ApplicationEventMulticaster multicaster = child.getBean(
                AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, ApplicationEventMulticaster.class);
        multicaster.multicastEvent(new ApplicationReadyEvent(rootEvent.getSpringApplication(), rootEvent.getArgs(),
                child, taken));
    }

    /** The root's properties with this cluster's connection and KServe settings on top. */
    static ConfigurableEnvironment environment(ConfigurableEnvironment rootEnvironment,
            ClustersProperties.Remote remote) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.merge(rootEnvironment);
        Map<String, Object> overrides = new HashMap<>();
        // the root's connection must never reach another cluster: its settings are blanked here
        overrides.put("console.kubernetes.master-url", "");
        overrides.put("console.kubernetes.kubeconfig", "");
        overrides.put("console.kubernetes.trust-certificates", String.valueOf(remote.trustCertificates()));
        overrides.put("console.kubernetes.kserve-namespace", text(remote.kserveNamespace()));
        overrides.put("console.kubernetes.controller-name", text(remote.controllerName()));
        overrides.put("console.environment", text(remote.environment()));
        environment.getPropertySources().addFirst(new MapPropertySource("cluster " + remote.name(), overrides));
        // The root's environment carries Spring Boot's attached "configurationProperties" source, which wraps the
        // root's own sources; merged in here it would answer every binding (the binder prefers it) without this
        // cluster's overrides. Attach one over this environment's sources instead.
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    private static String text(String value) {
        return StringUtils.hasText(value) ? value : "";
    }

    private static <T> void registerShadowing(ConfigurableApplicationContext root,
            AnnotationConfigApplicationContext child, Class<T> type, String fallbackName,
            java.util.function.Supplier<T> supplier) {
        String[] rootNames = root.getBeanNamesForType(type);
        String name = rootNames.length == 1 ? rootNames[0] : fallbackName;
        child.registerBean(name, type, supplier, definition -> {
            definition.setPrimary(true);
            definition.setRole(BeanDefinition.ROLE_APPLICATION);
            // the client is closed with its context; the tagged registry is not (closing it would close the root's)
            definition.setDestroyMethodName(type == KubernetesClient.class ? "close" : "");
        });
    }

    /** Classes compiled from src/test (a test's configurations and helpers): never part of a cluster. */
    private static TypeFilter testClasses() {
        return (reader, factory) -> {
            try {
                return reader.getResource().getURL().toString().contains("/test-classes/");
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** What Boot's auto-configuration gives the root and a cluster's context needs again: scheduled methods. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class ChildInfrastructure {
    }
}
