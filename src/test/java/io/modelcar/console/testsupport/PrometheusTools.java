package io.modelcar.console.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own tools for the tests of the console's alerts and metrics: {@code promtool} and {@code prometheus}
 * from Debian's {@code prometheus} package ({@code .ci/install-prometheus.sh}), found on the PATH or at
 * {@code -Dpromtool.path} / {@code -Dprometheus.path}.
 */
public final class PrometheusTools {

    public static final Path PROMTOOL = find("promtool");
    public static final Path PROMETHEUS = find("prometheus");
    private static final String HOW = "apt-get install prometheus (or run .ci/install-prometheus.sh)";

    private PrometheusTools() {
    }

    /** For {@code @RegisterExtension}: promtool is needed. */
    public static Prerequisite promtool() {
        return Prerequisite.of("promtool", () -> Files.isExecutable(PROMTOOL), HOW);
    }

    /** For {@code @RegisterExtension}: the Prometheus server is needed. */
    public static Prerequisite prometheus() {
        return Prerequisite.of("prometheus", () -> Files.isExecutable(PROMETHEUS), HOW);
    }

    /** What a command printed (stdout and stderr together) and how it exited. */
    public record Result(int exitCode, String output) {
    }

    /** Runs promtool with these arguments in {@code dir} and waits for it (at most a minute). */
    public static Result promtool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(PROMTOOL.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within a minute: " + command);
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path find(String name) {
        String configured = System.getProperty(name + ".path");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of("/usr/bin", name);
    }
}
