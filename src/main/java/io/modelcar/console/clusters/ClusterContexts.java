package io.modelcar.console.clusters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The clusters of the fleet and, for each remote one, its application context: a child of the console's root context
 * holding that cluster's own beans (client, discovery, environment, inventory, configuration service, history,
 * restarts, toggles, leader Lease, audit), wired to each other directly, so that background work never needs to know
 * a "current cluster" (docs/fleet.md). The default cluster's beans are the root context's own, as before.
 */
@Component
public class ClusterContexts implements ApplicationContextAware, SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterContexts.class);
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final ClustersProperties properties;
    private final Map<String, ConfigurableApplicationContext> remotes = Collections.synchronizedMap(
            new LinkedHashMap<>());
    private ConfigurableApplicationContext root;

    ClusterContexts(ClustersProperties properties) {
        this.properties = properties;
        List<String> names = new ArrayList<>();
        names.add(properties.defaultName());
        for (ClustersProperties.Remote remote : properties.remote()) {
            names.add(remote.name());
        }
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("console.clusters: cluster name '" + name
                        + "' must be lower-case letters, digits and dashes");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("console.clusters: cluster names must be unique: " + names);
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.root = (ConfigurableApplicationContext) context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (ClustersProperties.Remote remote : properties.remote()) {
            // Creating a context never contacts the cluster: an unreachable cluster starts like the others.
            remotes.put(remote.name(), ClusterContextFactory.create(root, remote));
            log.info("Cluster {} added to the fleet", remote.name());
        }
    }

    /** Remote clusters get the root's ready event (their background work waits for it), without it bubbling up. */
    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() != root) {
            return;
        }
        for (ConfigurableApplicationContext remote : List.copyOf(remotes.values())) {
            ClusterContextFactory.ready(remote, event, Duration.ZERO);
        }
    }

    @Override
    public void destroy() {
        for (ConfigurableApplicationContext remote : List.copyOf(remotes.values())) {
            remote.close();
        }
        remotes.clear();
    }

    /** Name of the default cluster. */
    public String defaultName() {
        return properties.defaultName();
    }

    /** Every cluster's name, the default first, then as configured. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(properties.defaultName());
        properties.remote().forEach(r -> names.add(r.name()));
        return names;
    }

    /**
     * The clusters the current request's user may see ({@link ClusterAccess}), in the order of {@link #names()}:
     * what lists of clusters show. Every cluster when no access rule is configured.
     */
    public List<String> visibleNames() {
        ClusterAccess access = root == null ? null : root.getBeanProvider(ClusterAccess.class).getIfAvailable();
        return access == null ? names() : names().stream().filter(access::mayView).toList();
    }

    public boolean contains(String name) {
        return names().contains(name);
    }

    /** The cluster's role mapping (empty when none is configured). */
    public ClustersProperties.RoleMapping roles(String name) {
        if (properties.defaultName().equals(name)) {
            return properties.defaultRoles();
        }
        return properties.remote().stream().filter(r -> r.name().equals(name)).findFirst()
                .map(ClustersProperties.Remote::roles).orElse(ClustersProperties.RoleMapping.NONE);
    }

    /** The remote cluster's context; empty for the default cluster and unknown names. */
    Optional<ConfigurableApplicationContext> remote(String name) {
        return Optional.ofNullable(remotes.get(name));
    }

    /**
     * The named cluster's bean of {@code type}: the remote context's own, or for the default cluster the root's.
     * Throws {@link UnknownClusterException} (404) for a name not configured.
     */
    public <T> T bean(String cluster, Class<T> type) {
        if (properties.defaultName().equals(cluster)) {
            return root.getBean(type);
        }
        ConfigurableApplicationContext remote = remotes.get(cluster);
        if (remote == null) {
            throw new UnknownClusterException(cluster);
        }
        return remote.getBeanProvider(type).getObject();
    }
}
