package io.modelcar.console.images;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The status of image builds where every console replica reads it: one ConfigMap in the KServe namespace, one key
 * per build, written only with the resourceVersion read. Bounded: at most {@code kept} builds (the oldest finished
 * ones go first) with their last {@value #KEPT_STEPS} steps, far below a ConfigMap's 1 MiB. A build that is still
 * running while the replica that runs it fell silent for {@link #SILENCE} reads as failed.
 */
@Component
class BuildStatusBoard {

    static final int KEPT_STEPS = 25;
    static final Duration SILENCE = Duration.ofMinutes(2);
    private static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(BuildStatusBoard.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final KServeDiscovery discovery;
    private final String configMapName;
    private final int kept;
    private final Clock clock;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private volatile Supplier<List<ImageBuild>> local = List::of;

    private record Published(ImageBuild build, Instant at) {
    }

    @Autowired
    BuildStatusBoard(KubernetesClient client, KServeDiscovery discovery, BuildStatusProperties status,
            ImagesProperties images, Clock clock) {
        this(client, discovery, status.configMap(), images.keptBuilds(), clock);
    }

    /** Without the properties records: the tests name the ConfigMap and the number of builds kept. */
    BuildStatusBoard(KubernetesClient client, KServeDiscovery discovery, String configMapName, int kept,
            Clock clock) {
        this.client = client;
        this.discovery = discovery;
        this.configMapName = configMapName;
        this.kept = Math.max(1, kept);
        this.clock = clock;
    }

    /** One build as stored: its status and when its replica last wrote it. */
    record Entry(ImageBuild build, Instant heartbeatAt) {
    }

    /** The builds this replica runs, whose changes {@link #flush()} writes. */
    void publishFrom(Supplier<List<ImageBuild>> localBuilds) {
        this.local = localBuilds;
    }

    /**
     * Writes what changed in this replica's builds since the last write, and running builds at least every
     * {@code SILENCE / 4} (their heartbeat). Runs every {@code console.images.status.publish-interval}; callers
     * also flush at once when a build is accepted or ends, so that a poll right after reads it on any replica.
     */
    @Scheduled(fixedDelayString = "${console.images.status.publish-interval:1s}")
    synchronized void flush() {
        List<ImageBuild> builds = local.get();
        Instant now = clock.instant();
        List<ImageBuild> due = builds.stream().filter(b -> {
            Published last = published.get(b.id());
            return last == null || !last.build().equals(b)
                    || (!b.state().finished() && last.at().plus(SILENCE.dividedBy(4)).isBefore(now));
        }).toList();
        if (publish(due)) {
            due.forEach(b -> published.put(b.id(), new Published(b, now)));
        }
        Set<String> ids = builds.stream().map(ImageBuild::id).collect(Collectors.toSet());
        published.keySet().retainAll(ids);
    }

    /** Stores the builds' current status; answers false when the cluster could not take it (tried again later). */
    boolean publish(List<ImageBuild> builds) {
        if (builds.isEmpty()) {
            return true;
        }
        String namespace = discovery.installation().namespace();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ConfigMap current = client.configMaps().inNamespace(namespace).withName(configMapName).get();
                Map<String, String> data = current == null || current.getData() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(current.getData());
                Instant now = clock.instant();
                for (ImageBuild build : builds) {
                    data.put(build.id(), JSON.writeValueAsString(new Entry(trimmed(build), now)));
                }
                prune(data);
                if (write(namespace, current, data)) {
                    return true;
                }
            }
            log.debug("Build status not stored: the ConfigMap kept changing");
        } catch (RuntimeException e) {
            log.warn("Build status not stored ({}); will try again", e.getMessage());
        }
        return false;
    }

    Optional<ImageBuild> find(String id) {
        String json = data().get(id);
        return json == null ? Optional.empty() : parse(json).map(this::asSeen);
    }

    List<ImageBuild> list() {
        return data().values().stream().map(BuildStatusBoard::parse).flatMap(Optional::stream).map(this::asSeen)
                .sorted(Comparator.comparing(ImageBuild::startedAt).reversed()).toList();
    }

    private Map<String, String> data() {
        String namespace = discovery.installation().namespace();
        ConfigMap configMap = KubernetesErrors.call("get", "configmaps",
                () -> client.configMaps().inNamespace(namespace).withName(configMapName).get());
        return configMap == null || configMap.getData() == null ? Map.of() : configMap.getData();
    }

    private ImageBuild asSeen(Entry entry) {
        ImageBuild b = entry.build();
        if (b.state().finished() || entry.heartbeatAt().plus(SILENCE).isAfter(clock.instant())) {
            return b;
        }
        String message = "Failed: the console replica that ran this build stopped before it finished";
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", ImageBuilds.BUILDS_UNAVAILABLE.toString());
        error.put("title", "Build interrupted");
        error.put("status", 503);
        error.put("detail", "The console replica that ran this build stopped before it finished. Start it again.");
        return new ImageBuild(b.id(), ImageBuild.State.Failed, b.progress(), message, b.steps(), b.image(),
                b.files(), b.bytes(), null, null, error, b.startedAt(), entry.heartbeatAt());
    }

    private static ImageBuild trimmed(ImageBuild b) {
        if (b.steps().size() <= KEPT_STEPS) {
            return b;
        }
        List<ImageBuild.Step> steps = new ArrayList<>(b.steps().subList(0, 1));
        steps.addAll(b.steps().subList(b.steps().size() - KEPT_STEPS + 1, b.steps().size()));
        return new ImageBuild(b.id(), b.state(), b.progress(), b.message(), List.copyOf(steps), b.image(), b.files(),
                b.bytes(), b.digest(), b.uri(), b.error(), b.startedAt(), b.finishedAt());
    }

    private void prune(Map<String, String> data) {
        if (data.size() <= kept) {
            return;
        }
        List<Map.Entry<String, Entry>> entries = new ArrayList<>();
        data.forEach((id, json) -> entries.add(Map.entry(id, parse(json).orElse(null))));
        // unreadable first, then finished before running, then oldest first
        entries.sort(Comparator.<Map.Entry<String, Entry>, Boolean>comparing(e -> e.getValue() != null)
                .thenComparing(e -> e.getValue() != null && !e.getValue().build().state().finished())
                .thenComparing(e -> e.getValue() == null ? Instant.EPOCH : e.getValue().build().startedAt()));
        for (int i = 0; data.size() > kept && i < entries.size(); i++) {
            data.remove(entries.get(i).getKey());
        }
    }

    private boolean write(String namespace, ConfigMap current, Map<String, String> data) {
        try {
            if (current == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(configMapName).withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "modelcar-console")
                        .addToLabels("app.kubernetes.io/component", "image-builds").endMetadata()
                        .withData(data).build()).create();
            } else {
                current.setData(data);
                client.configMaps().inNamespace(namespace).resource(current).update();
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<Entry> parse(String json) {
        try {
            Entry entry = JSON.readValue(json, Entry.class);
            return entry.build() == null || entry.heartbeatAt() == null ? Optional.empty() : Optional.of(entry);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
