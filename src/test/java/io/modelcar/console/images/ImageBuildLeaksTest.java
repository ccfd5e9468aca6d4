package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockMultipartFile;
import org.springframework.web.multipart.MultipartFile;

/**
 * Issue 14, point 8: a failed upload leaves no file, the queue of builds is bounded (503 Problem when full), a build
 * not finished by its deadline is dropped with its files, and the work directory is emptied of left-overs at start.
 * The registry is not contacted: the push target is given, and the build step is one that waits for the test.
 */
class ImageBuildLeaksTest {

    @TempDir
    Path work;

    final CountDownLatch release = new CountDownLatch(1);
    ImageBuilds builds;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (builds != null) {
            builds.destroy();
        }
    }

    ImageBuilds builds(int concurrent, int queued, Duration timeout) {
        ImagesProperties properties = new ImagesProperties(List.of(), org.springframework.util.unit.DataSize
                .ofMegabytes(10), BusyboxBaseImageTest.fakeStaticElf(), work, new ImagesProperties.Registry(
                "registry.example.com", null, null), List.of(), List.of(), Duration.ofSeconds(5), 4, concurrent, 50,
                queued, timeout, null);
        RegistryApi api = new RegistryApi(JsonMapper.builder().build(), RegistryPolicy.of(properties),
                Duration.ofSeconds(5), 4);
        RegistryTargets targets = new RegistryTargets(properties, null, api) {
            @Override
            ModelcarImageBuilder.Target pushTarget(ImageBuilds.BuildRequest request, ImageName name) {
                return new ModelcarImageBuilder.Target(name, RegistryCredentials.ANONYMOUS, false);
            }
        };
        builds = new ImageBuilds(properties, targets, (model, busybox, base, jib, target, listener) -> {
            release.await();
            return "sha256:" + "0".repeat(64);
        }, statusKeptInMemory(), ImagesAudit.none(), new ImageMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        return builds;
    }

    /** Leaks are a matter of this replica's files: the build status is not written anywhere here. */
    static BuildStatusBoard statusKeptInMemory() {
        return new BuildStatusBoard(null, null, "builds", 50, java.time.Clock.systemUTC()) {
            @Override
            boolean publish(List<ImageBuild> builds) {
                return true;
            }
        };
    }

    static ImageBuilds.BuildRequest request(String tag) {
        return new ImageBuilds.BuildRequest(null, "models/x", tag, null, null);
    }

    static List<MultipartFile> files() {
        return List.of(new MockMultipartFile("files", "model.bin", "application/octet-stream", new byte[1024]));
    }

    @Test
    void whenAnUploadFailsHalfwayThenNoFileIsLeft() {
        ImageBuilds images = builds(1, 1, Duration.ofHours(1));
        MultipartFile broken = new MockMultipartFile("files", "b.bin", "application/octet-stream", new byte[10]) {
            @Override
            public void transferTo(Path dest) throws IOException {
                Files.write(dest, new byte[] {1, 2, 3});
                throw new IOException("disk full");
            }
        };

        assertThatThrownBy(() -> images.fromUpload(request("1"), List.of(files().get(0), broken)))
                .isInstanceOf(ProblemException.class);

        assertThat(filesUnder(work.resolve("uploads"))).as("files left by the failed upload").isEmpty();
    }

    @Test
    void whenTheQueueIsFullThenTheNextBuildIs503AndLeavesNoFile() {
        ImageBuilds images = builds(1, 1, Duration.ofHours(1));
        images.fromUpload(request("running"), files());
        images.fromUpload(request("queued"), files());

        assertThatThrownBy(() -> images.fromUpload(request("refused"), files()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo(ImageBuilds.BUILDS_BUSY);
                    assertThat(e.headers().getFirst("Retry-After")).isNotBlank();
                });
        assertThat(images.list()).hasSize(2);
        assertThat(filesUnder(work.resolve("uploads"))).as("only the two accepted uploads").hasSize(2);
    }

    @Test
    void whenBuildsAreNotFinishedByTheirDeadlineThenTheyAreDroppedWithTheirFiles() throws Exception {
        ImageBuilds images = builds(1, 1, Duration.ofMillis(300));
        ImageBuild running = images.fromUpload(request("running"), files());
        ImageBuild queued = images.fromUpload(request("queued"), files());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && images.list().stream().anyMatch(b -> !b.state().finished())) {
            Thread.sleep(20);
        }
        for (ImageBuild build : List.of(running, queued)) {
            ImageBuild now = images.find(build.id()).orElseThrow();
            assertThat(now.state()).isEqualTo(ImageBuild.State.Failed);
            assertThat(now.error().get("type").toString()).isEqualTo(ImageBuilds.BUILD_TIMED_OUT.toString());
        }
        while (System.nanoTime() < deadline && !filesUnder(work.resolve("uploads")).isEmpty()) {
            Thread.sleep(20);
        }
        assertThat(filesUnder(work.resolve("uploads"))).isEmpty();
    }

    @Test
    void whenTheConsoleStartsThenLeftOversInTheWorkDirectoryAreDeletedAndTheBaseCacheKept() throws IOException {
        Files.createDirectories(work.resolve("uploads/old/models"));
        Files.writeString(work.resolve("uploads/old/models/w.bin"), "x");
        Files.createDirectories(work.resolve("builds/old"));
        Files.writeString(work.resolve("builds/old/layer"), "x");
        Files.createDirectories(work.resolve("multipart"));
        Files.writeString(work.resolve("multipart/upload_1.tmp"), "x");
        Files.createDirectories(work.resolve("base"));
        Files.writeString(work.resolve("base/busybox.tar"), "kept");

        builds(1, 1, Duration.ofHours(1));

        assertThat(filesUnder(work)).containsExactly(work.resolve("base/busybox.tar"));
        assertThat(work.resolve("multipart")).isDirectory();
    }

    static List<Path> filesUnder(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
