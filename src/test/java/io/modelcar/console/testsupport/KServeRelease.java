package io.modelcar.console.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One KServe release as the tests use it: the controller manager binary that {@code src/test/kserve/build.sh}
 * built into its cache (outside the work tree), and the release's own {@code config/} directory (CRDs, webhook
 * configurations, the shipped {@code inferenceservice-config}) in the Go module cache, where that script's
 * {@code go mod download} put it. Nothing of KServe is in the repository.
 *
 * @param version the module version, e.g. {@code v0.20.0}
 */
public record KServeRelease(String version) {

    /** The releases the differential suites judge the console against (both built by {@code .ci/kserve.sh}). */
    public static final List<KServeRelease> ALL = List.of(new KServeRelease("v0.20.0"), new KServeRelease("v0.17.0"));

    private static final String MODULE = "github.com/kserve/kserve";
    private static volatile Path goModCache;

    /** {@code ${MODELCAR_KSERVE_CACHE:-$HOME/.cache/modelcar-console/kserve}/<version>/manager}. */
    public Path manager() {
        String cache = System.getenv("MODELCAR_KSERVE_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "modelcar-console", "kserve");
        return root.resolve(version).resolve("manager");
    }

    /** The release's {@code config/} directory in the Go module cache. */
    public Path config() {
        return goModCache().resolve(MODULE + "@" + version).resolve("config");
    }

    /** Both the binary and the module's configuration are there. */
    public boolean built() {
        return Files.isExecutable(manager()) && Files.isDirectory(config());
    }

    /** Reported (a skip, a failure under CI=true) when this release was not built. */
    public Prerequisite prerequisite() {
        return Prerequisite.of("KServe " + version + " (controller manager and module config)", this::built,
                "bash src/test/kserve/build.sh " + version + " (or .ci/kserve.sh)");
    }

    /** The {@code major.minor} as a number for ordering: v0.17.0 is 17, v0.20.0 is 20. */
    public int minor() {
        return Integer.parseInt(version.substring(1).split("\\.")[1]);
    }

    @Override
    public String toString() {
        return "KServe " + version;
    }

    private static Path goModCache() {
        Path cached = goModCache;
        if (cached != null) {
            return cached;
        }
        String env = System.getenv("GOMODCACHE");
        Path found = null;
        if (env != null && !env.isBlank()) {
            found = Path.of(env);
        } else {
            try {
                Process go = new ProcessBuilder("go", "env", "GOMODCACHE").redirectErrorStream(true).start();
                String out = new String(go.getInputStream().readAllBytes()).trim();
                if (go.waitFor(30, TimeUnit.SECONDS) && go.exitValue() == 0 && !out.isEmpty()) {
                    found = Path.of(out);
                }
            } catch (IOException e) {
                // no go on the PATH: fall back to Go's default below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (found == null) {
            String gopath = System.getenv("GOPATH");
            found = (gopath != null && !gopath.isBlank() ? Path.of(gopath)
                    : Path.of(System.getProperty("user.home"), "go")).resolve("pkg").resolve("mod");
        }
        goModCache = found;
        return found;
    }
}
