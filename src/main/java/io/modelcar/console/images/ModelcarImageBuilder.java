package io.modelcar.console.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.event.events.ProgressEvent;

/**
 * Builds a modelcar image with Jib, without a Docker daemon, and pushes it: the busybox base layer
 * ({@link BusyboxBaseImage}) and one layer with the model under {@code /models}, files 0644 and directories 0755,
 * owned by root, modification time fixed, creation time the epoch, OCI format. The same model and busybox give the
 * same digest.
 */
final class ModelcarImageBuilder {

    static final String MODELS = "/models";
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions DIRECTORY = FilePermissions.fromOctalString("755");

    /** Where the image goes: name with tag, the credentials, and whether the registry speaks plain HTTP. */
    record Target(ImageName name, RegistryCredentials credentials, boolean plainHttp) {
    }

    /** What a running build tells its watcher. */
    interface Listener {
        void step(String message);

        void progress(double fraction, List<String> runningTasks);
    }

    private ModelcarImageBuilder() {
    }

    /** Builds and pushes; answers the manifest digest ({@code sha256:...}). */
    static String buildAndPush(ModelFiles model, BusyboxBaseImage.Binary busybox, Path baseCache, Path jibCache,
            Target target, Listener listener) throws IOException, InterruptedException {
        listener.step("Preparing the busybox base layer (" + busybox.architecture() + ")");
        Path base = BusyboxBaseImage.tarball(busybox, baseCache);

        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("model");
        layer.addEntry(model.root(), AbsoluteUnixPath.get(MODELS), DIRECTORY, BusyboxBaseImage.MODIFICATION_TIME);
        for (ModelFiles.Entry entry : model.entries()) {
            layer.addEntry(entry.source(), AbsoluteUnixPath.get(MODELS + "/" + entry.relativePath()),
                    entry.directory() ? DIRECTORY : FILE, BusyboxBaseImage.MODIFICATION_TIME);
        }

        ImageName name = target.name();
        RegistryImage image = RegistryImage.named(ImageReference.of(name.registry(), name.repository(),
                name.tag()));
        CredentialsOverHttp window = CredentialsOverHttp.NONE;
        if (!target.credentials().anonymous()) {
            image.addCredential(target.credentials().username(), target.credentials().password());
            window = CredentialsOverHttp.openFor(target.plainHttp());
        }
        CredentialsOverHttp opened = window;
        Containerizer containerizer = Containerizer.to(image)
                // Jib has read the property once its first step reports progress: close the window then
                .addEventHandler(ProgressEvent.class, event -> opened.close())
                .setAllowInsecureRegistries(target.plainHttp())
                .setBaseImageLayersCache(baseCache.resolve("jib"))
                .setApplicationLayersCache(jibCache)
                .setToolName("modelcar-console")
                .setToolVersion("images-v1")
                .addEventHandler(ProgressEvent.class, new JibProgress(listener));
        listener.step("Building the model layer: " + model.fileCount() + " files, " + model.totalBytes()
                + " bytes under " + MODELS);
        try {
            JibContainer result = Jib.from(TarImage.at(base))
                    .setPlatforms(Set.of(new Platform(busybox.architecture(), "linux")))
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(java.time.Instant.EPOCH)
                    .addFileEntriesLayer(layer.build())
                    .containerize(containerizer);
            return result.getDigest().toString();
        } catch (ExecutionException e) {
            throw translate(e.getCause() != null ? e.getCause() : e, target);
        } catch (RegistryException | CacheDirectoryCreationException e) {
            throw translate(e, target);
        } finally {
            window.close();
        }
    }

    /**
     * Jib sends credentials over plain HTTP only when the JVM-wide system property {@code sendCredentialsOverHttp} is
     * true at the moment a build creates its HTTP client (Jib has no per-client option). A credentialed build holds
     * this window from just before that moment until its first progress event (or its end): the property is true
     * only inside a window for a registry configured as plain HTTP on purpose
     * ({@code console.images.insecure-registries} or an {@code http://} registry URL), and credentialed builds
     * never create their clients at the same time, so a TLS build never inherits another build's setting.
     */
    static final class CredentialsOverHttp {

        static final String PROPERTY = "sendCredentialsOverHttp";
        static final CredentialsOverHttp NONE = new CredentialsOverHttp(null);
        private static final java.util.concurrent.Semaphore ONE_AT_A_TIME = new java.util.concurrent.Semaphore(1);

        private final java.util.concurrent.atomic.AtomicBoolean open;

        private CredentialsOverHttp(java.util.concurrent.atomic.AtomicBoolean open) {
            this.open = open;
        }

        static CredentialsOverHttp openFor(boolean plainHttp) throws InterruptedException {
            ONE_AT_A_TIME.acquire();
            if (plainHttp) {
                System.setProperty(PROPERTY, "true");
            } else {
                System.clearProperty(PROPERTY);
            }
            return new CredentialsOverHttp(new java.util.concurrent.atomic.AtomicBoolean(true));
        }

        void close() {
            if (open != null && open.compareAndSet(true, false)) {
                System.clearProperty(PROPERTY);
                ONE_AT_A_TIME.release();
            }
        }
    }

    private static RuntimeException translate(Throwable e, Target target) {
        ImageName name = target.name();
        if (e instanceof RegistryUnauthorizedException || e instanceof RegistryAuthenticationFailedException) {
            return RegistryProblem.unauthorized(name.registry(), name.repository(),
                    !target.credentials().anonymous());
        }
        if (e instanceof InsecureRegistryException) {
            return RegistryProblem.unreachable(name.registry());
        }
        if (e instanceof IOException) {
            return RegistryProblem.unreachable(name.registry());
        }
        if (e instanceof RegistryException) {
            return RegistryProblem.pushRefused(name.registry(), name.repository());
        }
        return new IllegalStateException("Image build failed: " + e.getClass().getSimpleName(), e);
    }

    static String capitalize(String task) {
        return task.isEmpty() ? task : Character.toUpperCase(task.charAt(0)) + task.substring(1);
    }

    /**
     * Turns Jib's progress events (a tree of allocations whose leaves report units) into an overall fraction and
     * steps: each task when it starts, and each pushed blob when it is done.
     */
    static final class JibProgress implements java.util.function.Consumer<ProgressEvent> {

        private final Listener listener;
        private final java.util.Map<com.google.cloud.tools.jib.event.progress.Allocation, Long> done =
                new java.util.HashMap<>();
        private double fraction;

        JibProgress(Listener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void accept(ProgressEvent event) {
            var allocation = event.getAllocation();
            long total = Math.max(1, allocation.getAllocationUnits());
            Long before = done.get(allocation);
            long now = (before == null ? 0 : before) + event.getUnits();
            done.put(allocation, now);
            fraction += allocation.getFractionOfRoot() * event.getUnits() / total;
            String description = allocation.getDescription();
            if (before == null && !description.isBlank()) {
                listener.step(capitalize(description));
            }
            List<String> running = new java.util.ArrayList<>();
            if (now < total) {
                running.add(description);
            }
            if (now >= total && (before == null || before < total) && description.startsWith("pushing")) {
                listener.step("Done: " + description);
            }
            listener.progress(Math.min(1, fraction), running);
        }
    }
}
