package io.modelcar.console.inferenceservices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modelcar.console.kubernetes.ControllerDeployments;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.kubernetes.KubernetesProperties;
import org.slf4j.Logger;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The inventory's only door to the cluster: informers (one LIST, then WATCH) on InferenceServices, on their pods
 * (label {@code serving.kserve.io/inferenceservice}) and on {@code inferenceservice-config} in the KServe namespace.
 * Every event is turned into pure facts and fed to the {@link Inventory}; requests never reach the API server.
 * A checker notices when a watch is broken (the data is stale from then on) and when it is back; the informers
 * reconnect by themselves.
 */
@Component
class InventoryWatcher implements SmartLifecycle {

    static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";
    /**
     * The informers list in pages of this many objects, as client-go's reflectors do: at 50,000 InferenceServices
     * one unpaged LIST is a response of hundreds of MB for the API server to build and for the client to take in at
     * once, and the client processed it in one piece on its I/O thread, stalling every other request of the console
     * (the Lease's renewals and the cluster probe among them) for many seconds.
     */
    static final long LIST_PAGE = 500;
    static final String STORAGE_INITIALIZER_KEY = "storageInitializer";
    private static final Logger log = LoggerFactory.getLogger(InventoryWatcher.class);
    private static final Duration CONTROLLER_CACHE = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final KServeDiscovery discovery;
    private final KubernetesProperties kubernetes;
    private final InventoryProperties properties;
    private final ControllerDeployments deployments;
    private final Clock clock;
    private final Inventory inventory;
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService checker;
    /**
     * Applies what the informers store to the inventory (facts, summaries, indexes), off the HTTP client's I/O
     * thread: see {@link FactsStore}. Each store has a {@link SerialExecutor} of its own on these two threads (its
     * objects in the order stored; the InferenceServices' and the pods' facts are derived in parallel, the
     * inventory takes one writer at a time).
     */
    static final int APPLIER_THREADS = 2;
    private volatile ExecutorService applier;
    private final List<SerialExecutor> appliers = new CopyOnWriteArrayList<>();
    /** One task per store, queued behind everything the first full lists stored: synced once all have run. */
    private volatile List<java.util.concurrent.CompletableFuture<Void>> syncBarrier;
    private volatile boolean running;
    private volatile boolean synced;
    private volatile Instant lastHeard;
    private volatile Instant staleSince;
    private volatile Instant startedAt;
    private volatile Duration initialSync;
    private volatile String kserveNamespace;
    /** The KServe release the configuration is read for (null: unknown, read as the newest). */
    private volatile io.modelcar.console.kubernetes.KServeVersion kserveVersion;
    private volatile CachedController controller;
    private volatile int coreInformers;
    private volatile SharedIndexInformer<ConfigMap> configInformer;
    private volatile boolean configHandled;
    /** When the first lists were in while the configuration was not read yet. */
    private volatile Instant listedAt;
    /** How long a synced list waits for the configuration before the inventory says synced without it. */
    static final Duration CONFIG_WAIT = Duration.ofSeconds(5);
    private int brokenChecks;
    static final int BROKEN_CHECKS_BEFORE_STALE = 2;

    InventoryWatcher(KubernetesClient client, KServeDiscovery discovery, KubernetesProperties kubernetes,
            InventoryProperties properties, JsonMapper json, ControllerDeployments deployments, Clock clock) {
        this.inventory = new Inventory(json::writeValueAsBytes);
        this.client = client;
        this.discovery = discovery;
        this.kubernetes = kubernetes;
        this.properties = properties;
        this.deployments = deployments;
        this.clock = clock;
    }

    Inventory inventory() {
        return inventory;
    }

    InventoryState state() {
        boolean stale = staleSince != null;
        Instant asOf = stale || lastHeard == null ? lastHeard : clock.instant();
        return new InventoryState(synced, stale, asOf, staleSince);
    }

    /**
     * The client for the inventory's informers: the console's client (same connection, same HTTP client) with
     * {@link InventoryProperties#listTimeout()} as request timeout, so that a slow page of a LIST does not time out
     * and start the LIST over from its first page. Watches have no request timeout either way.
     */
    KubernetesClient listingClient() {
        RequestConfig requestConfig = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestTimeout((int) properties.listTimeout().toMillis()).build();
        return client.newClient(requestConfig).adapt(KubernetesClient.class);
    }

    /** How long the first full list took from {@link #start()}, or null until synced. */
    Duration initialSync() {
        return initialSync;
    }

    /** The KServe namespace the ConfigMap is watched in, once known. */
    String kserveNamespace() {
        return kserveNamespace;
    }

    @Override
    public void start() {
        running = true;
        lastHeard = null;
        startedAt = clock.instant();
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inventory-watch-checker");
            t.setDaemon(true);
            return t;
        });
        applier = Executors.newFixedThreadPool(APPLIER_THREADS, r -> {
            Thread t = new Thread(r, "inventory-applier");
            t.setDaemon(true);
            return t;
        });
        syncBarrier = null;
        List<String> namespaces = properties.namespaces();
        KubernetesClient client = listingClient();
        if (namespaces.isEmpty()) {
            start(services(client).inAnyNamespace()
                    .withLimit(LIST_PAGE).runnableInformer(0), serviceStore());
            start(pods(client).inAnyNamespace().withLabel(ISVC_LABEL).withLimit(LIST_PAGE).runnableInformer(0),
                    podStore());
        } else {
            for (String namespace : namespaces) {
                start(services(client).inNamespace(namespace)
                        .withLimit(LIST_PAGE).runnableInformer(0), serviceStore());
                start(pods(client).inNamespace(namespace).withLabel(ISVC_LABEL).withLimit(LIST_PAGE)
                        .runnableInformer(0), podStore());
            }
        }
        coreInformers = informers.size();
        long interval = properties.checkInterval().toMillis();
        checker.scheduleWithFixedDelay(this::check, 0, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * InferenceServices are kept in the informer's store as {@link IsvcFacts} only; every stored version goes to
     * the inventory as it is stored.
     */
    private FactsStore<InventoryService, IsvcFacts> serviceStore() {
        return new FactsStore<>(IsvcMapper::facts, InventoryService::new,
                new FactsStore.Listener<>() {
                    @Override
                    public void stored(String namespace, String name, IsvcFacts facts) {
                        if (facts != null) {
                            inventory.putService(facts);
                        }
                    }

                    @Override
                    public void removed(String namespace, String name, IsvcFacts facts) {
                        inventory.removeService(namespace, name);
                    }
                }, serial());
    }

    /** The applier of one more store: its own order, the shared threads. */
    private SerialExecutor serial() {
        SerialExecutor serial = new SerialExecutor(applier);
        appliers.add(serial);
        return serial;
    }

    /** The InferenceServices as the inventory reads them: decoded as {@link InventoryService}. */
    private static MixedOperation<InventoryService, InventoryServiceList, Resource<InventoryService>> services(
            KubernetesClient client) {
        return client.resources(InventoryService.class, InventoryServiceList.class);
    }

    /**
     * The pods as the inventory reads them: decoded as {@link InventoryPod}, only the fields it derives facts from.
     */
    private static MixedOperation<InventoryPod, InventoryPodList, Resource<InventoryPod>> pods(
            KubernetesClient client) {
        return client.resources(InventoryPod.class, InventoryPodList.class);
    }

    /** Pods are kept in the informer's store as {@link PodFacts} only (null for a pod without the label). */
    private FactsStore<InventoryPod, PodFacts> podStore() {
        return new FactsStore<>(PodMapper::facts, InventoryPod::new, new FactsStore.Listener<>() {
            @Override
            public void stored(String namespace, String name, PodFacts facts) {
                if (facts == null) {
                    inventory.removePod(namespace, name);
                } else {
                    inventory.putPod(facts);
                }
            }

            @Override
            public void removed(String namespace, String name, PodFacts facts) {
                inventory.removePod(namespace, name);
            }
        }, serial());
    }

    /** An informer whose store keeps only facts: its events only tell that the API server was heard. */
    private <T extends HasMetadata> void start(SharedIndexInformer<T> informer, FactsStore<T, ?> store) {
        informer.removeNamespaceIndex().itemStore(store);
        start(informer, obj -> { }, obj -> { });
    }

    private <T extends HasMetadata> void start(SharedIndexInformer<T> informer, Consumer<T> upsert,
            Consumer<T> delete) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                heard();
                safely(upsert, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                heard();
                safely(upsert, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                heard();
                safely(delete, obj);
            }
        });
        // keep retrying whatever happens: the API server coming back is the normal way out of "stale"
        informer.exceptionHandler((started, t) -> {
            log.debug("Inventory watch interrupted: {}", t.toString());
            return true;
        });
        informers.add(informer);
        informer.start();
    }

    private static <T> void safely(Consumer<T> handler, T obj) {
        try {
            handler.accept(obj);
        } catch (RuntimeException e) {
            log.warn("Could not take {} into the inventory: {}", describe(obj), e.toString());
        }
    }

    private static String describe(Object obj) {
        return obj instanceof HasMetadata h ? h.getKind() + " " + h.getMetadata().getNamespace() + "/"
                + h.getMetadata().getName() : String.valueOf(obj);
    }

    private void heard() {
        if (staleSince == null) {
            lastHeard = clock.instant();
        }
    }

    /** Runs every check interval: the ConfigMap watch (until it starts), first sync, freshness. */
    void check() {
        try {
            if (kserveNamespace == null) {
                // from the first check on, not after the sync: the summaries are then derived once, with the
                // storageInitializer configuration, instead of all again (and sent as changes) when it arrives
                watchConfigMap();
            }
            // the InferenceService and pod informers decide about "synced"; the ConfigMap one joins them
            List<SharedIndexInformer<?>> core = informers.subList(0, Math.min(informers.size(), coreInformers));
            boolean listed = !core.isEmpty() && core.stream().allMatch(SharedIndexInformer::hasSynced);
            // an informer that has synced once and is not watching now has lost the API server
            boolean broken = informers.stream().anyMatch(i -> i.hasSynced() && !i.isWatching());
            Instant now = clock.instant();
            if (listed && !synced && applied() && configRead(now)) {
                inventory.markSynced(); // builds the indexes: part of the sync, so "synced" is said after it
                synced = true;
                initialSync = Duration.between(startedAt, clock.instant());
                log.info("Inventory synced: {} InferenceServices", inventory.size());
            }
            boolean allSynced = listed && synced;
            if (allSynced && !broken) {
                brokenChecks = 0;
                if (staleSince != null) {
                    log.info("Inventory watch restored; it was stale since {}", staleSince);
                }
                staleSince = null;
                lastHeard = now;
            } else if (synced && staleSince == null && ++brokenChecks >= BROKEN_CHECKS_BEFORE_STALE) {
                // a watch the server closes routinely is re-opened at once: only a lasting break is "stale"
                staleSince = lastHeard == null ? now : lastHeard;
                log.warn("Inventory watch broken: showing data as of {}", staleSince);
            }
        } catch (RuntimeException e) {
            log.debug("Inventory check failed: {}", e.toString());
        }
    }

    /**
     * True once everything the informers stored in their first full lists has reached the inventory: the informers
     * have synced when their lists are stored, and the applier takes them in behind; a task queued after them tells.
     */
    private boolean applied() {
        List<java.util.concurrent.CompletableFuture<Void>> barrier = syncBarrier;
        if (barrier == null) {
            try {
                barrier = appliers.stream().map(serial -> java.util.concurrent.CompletableFuture.runAsync(() -> { },
                        serial)).toList();
            } catch (RejectedExecutionException e) {
                return false;
            }
            syncBarrier = barrier;
        }
        return barrier.stream().allMatch(java.util.concurrent.CompletableFuture::isDone);
    }

    /**
     * True once the ConfigMap informer has read the configuration (or found none); also while the KServe installation
     * is not known yet, and once the lists have waited {@link #CONFIG_WAIT} for it: a discovery that fails or a
     * ConfigMap that cannot be read (its RBAC, say) does not hold the inventory back. The configuration then joins
     * when it is read, and every summary is derived again.
     */
    private boolean configRead(Instant now) {
        SharedIndexInformer<ConfigMap> informer = configInformer;
        if (informer == null) {
            return true;
        }
        // the informer calls its handler after it has stored the list: a stored ConfigMap is read once handled
        if (informer.hasSynced() && (configHandled || informer.getStore().list().isEmpty())) {
            return true;
        }
        if (listedAt == null) {
            listedAt = now;
        }
        if (now.isBefore(listedAt.plus(CONFIG_WAIT))) {
            return false;
        }
        log.warn("Inventory synced without the {} configuration: it could not be read in {} s", STORAGE_INITIALIZER_KEY,
                CONFIG_WAIT.toSeconds());
        return true;
    }

    private void watchConfigMap() {
        KServeInstallation installation;
        try {
            installation = discovery.installation();
        } catch (RuntimeException e) {
            return; // retried at the next check
        }
        kserveNamespace = installation.namespace();
        kserveVersion = installation.version();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(installation.namespace())
                .withName(installation.configMapName()).runnableInformer(0);
        configInformer = informer;
        start(informer, this::onConfigMap, cm -> inventory.config(OciConfig.UNKNOWN));
    }

    private void onConfigMap(ConfigMap cm) {
        Map<String, String> data = cm.getData();
        inventory.config(OciConfig.parse(data == null ? null : data.get(STORAGE_INITIALIZER_KEY), kserveVersion));
        configHandled = true;
    }

    /** The controller Deployment, from a GET at most every few seconds (never a LIST). */
    ControllerStatus controller() {
        CachedController cached = controller;
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.status();
        }
        KServeInstallation installation = discovery.installation();
        ControllerStatus status;
        if (installation.controllerName() == null) {
            status = ControllerStatus.NOT_FOUND;
        } else {
            status = deployments.read(installation.namespace(), installation.controllerName())
                    .map(ControllerStatus::of).orElse(ControllerStatus.NOT_FOUND);
        }
        controller = new CachedController(status, now.plus(CONTROLLER_CACHE));
        return status;
    }

    @Override
    public void stop() {
        running = false;
        if (checker != null) {
            checker.shutdownNow();
        }
        if (applier != null) {
            applier.shutdownNow();
        }
        syncBarrier = null;
        appliers.clear();
        List<SharedIndexInformer<?>> all = new ArrayList<>(informers);
        informers.clear();
        for (SharedIndexInformer<?> informer : all) {
            try {
                informer.stop();
            } catch (KubernetesClientException | IllegalStateException e) {
                log.debug("Stopping informer: {}", e.toString());
            }
        }
        kserveNamespace = null;
        configInformer = null;
        configHandled = false;
        listedAt = null;
        synced = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record CachedController(ControllerStatus status, Instant until) {
    }
}
