package io.modelcar.console.images;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts builds (after checking everything that can be checked at once: name, model, busybox, credentials), runs
 * them on a small pool, and keeps their status for polling on the {@link BuildStatusBoard}, where every replica
 * reads it (the replica that runs a build answers from memory). Bounded (issue 14, point 8): at most
 * {@code max-queued-builds} wait (more get a 503 Problem), a build not finished by {@code build-timeout} after it was
 * accepted is dropped (failed, its files deleted), a failed upload leaves no file, and the work directory's uploads,
 * build caches and multipart spool are emptied at start (left over by a crash; each replica has its own).
 */
@Service
class ImageBuilds implements DisposableBean {

    static final URI MODEL_PATH_NOT_ALLOWED = ProblemTypes.of("model-path-not-allowed");
    static final URI INVALID_MODEL = ProblemTypes.of("invalid-model");
    static final URI BUILDS_UNAVAILABLE = ProblemTypes.of("image-builds-unavailable");
    static final URI BUILDS_BUSY = ProblemTypes.of("image-build-queue-full");
    static final URI BUILD_TIMED_OUT = ProblemTypes.of("image-build-timed-out");
    private static final Logger log = LoggerFactory.getLogger(ImageBuilds.class);

    private final ImagesProperties properties;
    private final RegistryTargets targets;
    private final ImageMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService executor;
    private final Map<String, BuildRun> runs = new LinkedHashMap<>();
    private final BuildStatusBoard board;
    private final BuildStep step;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "image-build-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** What a build does once accepted (the image builder; a test may put something slower in its place). */
    @FunctionalInterface
    interface BuildStep {
        String buildAndPush(ModelFiles model, BusyboxBaseImage.Binary busybox, Path baseCache, Path jibCache,
                ModelcarImageBuilder.Target target, ModelcarImageBuilder.Listener listener)
                throws IOException, InterruptedException;
    }

    private final ImagesAudit audit;

    @org.springframework.beans.factory.annotation.Autowired
    ImageBuilds(ImagesProperties properties, RegistryTargets targets, BuildStatusBoard board, ImagesAudit audit,
            ImageMetrics metrics) {
        this(properties, targets, ModelcarImageBuilder::buildAndPush, board, audit, metrics);
    }

    ImageBuilds(ImagesProperties properties, RegistryTargets targets, BuildStep step, BuildStatusBoard board,
            ImagesAudit audit, ImageMetrics metrics) {
        this.properties = properties;
        this.targets = targets;
        this.step = step;
        this.board = board;
        this.audit = audit;
        this.metrics = metrics;
        board.publishFrom(this::local);
        int threads = Math.max(1, properties.maxConcurrentBuilds());
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, properties.maxQueuedBuilds())), runnable -> {
                    Thread thread = new Thread(runnable, "image-build");
                    thread.setDaemon(true);
                    return thread;
                });
        cleanWorkDir();
    }

    /** Left-overs of an earlier process (a crash, a kill): nothing in these directories belongs to a live build. */
    private void cleanWorkDir() {
        Path work = properties.effectiveWorkDir();
        for (String leftOver : List.of("uploads", "builds")) {
            deleteQuietly(work.resolve(leftOver));
        }
        Path spool = work.resolve("multipart");
        if (Files.isDirectory(spool)) {
            try (Stream<Path> files = Files.list(spool)) {
                files.forEach(ImageBuilds::deleteQuietly);
            } catch (IOException e) {
                log.warn("Could not empty {}", spool);
            }
        }
    }

    /** What to build and where to push it. */
    record BuildRequest(String registry, String repository, String tag, PullSecrets.SecretRef pullSecret,
            String modelPath) {
    }

    /** Builds from a directory the console can read, under one of the configured model roots. */
    ImageBuild fromDirectory(BuildRequest request) {
        return audited(request, "directory", () -> {
            ImageName name = targets.name(request);
            Path model = allowedModelPath(request.modelPath());
            return start(request, name, model, null);
        });
    }

    /** Every build request is audited with its actor: accepted (with the build's id) or refused (why). */
    private ImageBuild audited(BuildRequest request, String source, java.util.function.Supplier<ImageBuild> build) {
        Caller caller = Caller.current();
        String image = request.registry() + "/" + request.repository() + ":" + request.tag();
        try {
            ImageBuild accepted = build.get();
            audit.record(caller.name(), "image.build", accepted.image(), AuditEvent.Outcome.REQUESTED,
                    "build " + accepted.id() + " from " + source + "; pull secret "
                            + ImagesAudit.secret(request.pullSecret()));
            return accepted;
        } catch (RuntimeException e) {
            audit.record(caller.name(), "image.build", image, AuditEvent.Outcome.REFUSED,
                    (e instanceof ProblemException p ? p.title() : "error") + "; pull secret "
                            + ImagesAudit.secret(request.pullSecret()));
            throw e;
        }
    }

    /** Builds from uploaded files (already streamed to disk by the multipart parser, within the size limit). */
    ImageBuild fromUpload(BuildRequest request, List<MultipartFile> files) {
        return audited(request, "upload", () -> storeAndStart(request, files));
    }

    private ImageBuild storeAndStart(BuildRequest request, List<MultipartFile> files) {
        ImageName name = targets.name(request);
        if (files == null || files.isEmpty() || files.stream().allMatch(MultipartFile::isEmpty)) {
            throw invalidModel("Upload at least one model file.");
        }
        Path dir = null;
        try {
            dir = Files.createDirectories(properties.effectiveWorkDir().resolve("uploads"))
                    .resolve(UUID.randomUUID().toString());
            Path models = Files.createDirectories(dir.resolve("models"));
            try {
                for (MultipartFile file : files) {
                    Path target = models.resolve(UploadNames.relativePath(file.getOriginalFilename())).normalize();
                    if (!target.startsWith(models) || Files.exists(target)) {
                        throw new ModelFiles.InvalidModelException("The file name '" + file.getOriginalFilename()
                                + "' is not usable or appears twice.");
                    }
                    Files.createDirectories(target.getParent());
                    file.transferTo(target);
                }
            } catch (ModelFiles.InvalidModelException e) {
                deleteQuietly(dir);
                throw invalidModel(e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir); // a failed upload leaves nothing behind
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ProblemException(HttpStatus.INSUFFICIENT_STORAGE, BUILDS_UNAVAILABLE, "Upload not stored",
                    "The uploaded files could not be stored on the console's disk.");
        }
        try {
            return start(request, name, dir.resolve("models"), dir);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** This replica's builds first (freshest), then those of every replica on the board. */
    Optional<ImageBuild> find(String id) {
        synchronized (runs) {
            BuildRun run = runs.get(id);
            if (run != null) {
                return Optional.of(run.snapshot());
            }
        }
        return board.find(id);
    }

    List<ImageBuild> list() {
        Map<String, ImageBuild> all = new LinkedHashMap<>();
        try {
            board.list().forEach(b -> all.put(b.id(), b));
        } catch (RuntimeException e) {
            log.debug("Build status board not readable ({}); listing this replica's builds", e.getMessage());
        }
        local().forEach(b -> all.put(b.id(), b));
        return all.values().stream().sorted(Comparator.comparing(ImageBuild::startedAt).reversed()).toList();
    }

    private List<ImageBuild> local() {
        synchronized (runs) {
            return runs.values().stream().map(BuildRun::snapshot).toList();
        }
    }

    private ImageBuild start(BuildRequest request, ImageName name, Path modelDir, Path ownedDir) {
        ModelFiles model;
        try {
            model = ModelFiles.scan(modelDir);
        } catch (ModelFiles.InvalidModelException e) {
            throw invalidModel(e.getMessage());
        } catch (IOException e) {
            throw invalidModel("The model directory could not be read.");
        }
        BusyboxBaseImage.Binary busybox;
        try {
            busybox = BusyboxBaseImage.inspect(properties.busyboxPath());
        } catch (BusyboxBaseImage.BusyboxUnusableException e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, BUILDS_UNAVAILABLE, "Image builds unavailable",
                    e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, BUILDS_UNAVAILABLE, "Image builds unavailable",
                    "The busybox binary could not be read.");
        }
        ModelcarImageBuilder.Target target = targets.pushTarget(request, name);
        BuildRun run = new BuildRun(UUID.randomUUID().toString(), name, model, clock);
        String actor = Caller.current().name();
        Future<?> future;
        try {
            future = executor.submit(() -> run(run, busybox, target, ownedDir, actor));
        } catch (RejectedExecutionException e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, BUILDS_BUSY, "Build queue full",
                    "The console runs " + properties.maxConcurrentBuilds() + " builds and has "
                            + properties.maxQueuedBuilds() + " waiting; try again when one has finished.")
                    .withHeader(HttpHeaders.RETRY_AFTER, "60");
        }
        remember(run);
        board.flush();
        deadlines.schedule(() -> dropIfUnfinished(run, future, ownedDir), properties.buildTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Image build {} accepted: {} ({} files, {} bytes)", run.id(), name, model.fileCount(),
                model.totalBytes());
        return run.snapshot();
    }

    /** A build still waiting or running at its deadline is stopped, failed and its files deleted. */
    private void dropIfUnfinished(BuildRun run, Future<?> future, Path ownedDir) {
        if (run.finished()) {
            return;
        }
        // failed first, then interrupted: the interrupted build's own "console stopped" must not win the race
        run.failed(new ProblemException(HttpStatus.GATEWAY_TIMEOUT, BUILD_TIMED_OUT, "Build timed out",
                "The build did not finish within " + properties.buildTimeout() + " and was stopped."));
        future.cancel(true);
        deleteQuietly(ownedDir);
        deleteQuietly(properties.effectiveWorkDir().resolve("builds").resolve(run.id()));
        board.flush();
        log.warn("Image build {} dropped: not finished within {}", run.id(), properties.buildTimeout());
    }

    private void run(BuildRun run, BusyboxBaseImage.Binary busybox, ModelcarImageBuilder.Target target,
            Path ownedDir, String actor) {
        Path work = properties.effectiveWorkDir();
        Path jibCache = work.resolve("builds").resolve(run.id());
        java.time.Instant started = clock.instant();
        String digest = null;
        ProblemException failure = null;
        try {
            digest = step.buildAndPush(run.model(), busybox, work.resolve("base"), jibCache, target, run);
        } catch (ProblemException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, BUILDS_UNAVAILABLE, "Build interrupted",
                    "The console stopped while the build ran.");
        } catch (IOException | RuntimeException e) {
            log.error("Image build {} failed", run.id(), e);
            failure = new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Build failed",
                    "The image could not be built; the error has been logged.");
        } finally {
            // cleaned up before the status says "finished", so that nobody sees a finished build's files
            deleteQuietly(jibCache);
            deleteQuietly(ownedDir);
        }
        metrics.built(failure == null, java.time.Duration.between(started, clock.instant()));
        if (failure == null) {
            run.succeeded(digest);
            log.info("Image build {} pushed {}@{}", run.id(), run.image(), digest);
            audit.record(actor, "image.build", run.image().toString(), AuditEvent.Outcome.SUCCESS,
                    "build " + run.id() + " pushed " + digest);
        } else {
            run.failed(failure);
            log.warn("Image build {} failed: {}", run.id(), failure.getMessage());
            audit.record(actor, "image.build", run.image().toString(), AuditEvent.Outcome.FAILED,
                    "build " + run.id() + ": " + failure.title());
        }
        board.flush();
    }

    private Path allowedModelPath(String modelPath) {
        if (properties.modelRoots().isEmpty()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, MODEL_PATH_NOT_ALLOWED, "Model paths disabled",
                    "Building from a path on the console is off: no console.images.model-roots are configured. "
                            + "Upload the files instead.");
        }
        if (modelPath == null || modelPath.isBlank()) {
            throw invalidModel("Give the model directory (modelPath) or upload files.");
        }
        Path real;
        try {
            real = Path.of(modelPath.strip()).toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw notAllowed();
        }
        for (Path root : properties.modelRoots()) {
            try {
                if (real.startsWith(root.toRealPath())) {
                    return real;
                }
            } catch (IOException e) {
                // a configured root that does not exist allows nothing
            }
        }
        throw notAllowed();
    }

    private static ProblemException notAllowed() {
        // The same answer for "absent" and "outside the roots": the API must not tell which files exist.
        return new ProblemException(HttpStatus.FORBIDDEN, MODEL_PATH_NOT_ALLOWED, "Model path not allowed",
                "The model path must be an existing directory under one of the configured model roots.");
    }

    private static ProblemException invalidModel(String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_MODEL, "Invalid model", detail);
    }

    private void remember(BuildRun run) {
        synchronized (runs) {
            runs.put(run.id(), run);
            var it = runs.entrySet().iterator();
            while (runs.size() > Math.max(1, properties.keptBuilds()) && it.hasNext()) {
                if (it.next().getValue().finished()) {
                    it.remove();
                }
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Could not delete {}", p);
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}", dir);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        // running builds end as failed ("the console stopped"), and that final status is written for other replicas
        deadlines.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        board.flush();
    }
}
