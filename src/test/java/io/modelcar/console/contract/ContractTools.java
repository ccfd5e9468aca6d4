package io.modelcar.console.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The contract tools' places on this machine, and a way to run them with a deadline. */
public final class ContractTools {

    /** npm devDependencies of src/test/contract (installed by .ci/install-spectral.sh). */
    static final Path CONTRACT_DIR = Path.of("src", "test", "contract");
    public static final Path SPECTRAL = CONTRACT_DIR.resolve(Path.of("node_modules", ".bin", "spectral"));
    /** The Python venv of .ci/install-schemathesis.sh: $MODELCAR_VENV, default ~/.cache/modelcar-console/venv. */
    static final Path VENV = System.getenv("MODELCAR_VENV") != null ? Path.of(System.getenv("MODELCAR_VENV"))
            : Path.of(System.getProperty("user.home"), ".cache", "modelcar-console", "venv");
    static final Path SCHEMATHESIS = VENV.resolve(Path.of("bin", "schemathesis"));
    static final Path OUT = Path.of("target", "contract");

    private ContractTools() {
    }

    public record Run(int exitCode, String output) {
    }

    /**
     * Lints an OpenAPI document (written to target/contract/{@code name}.json) with Spectral's ruleset of
     * src/test/contract/.spectral.yaml, failing at warnings; the output goes to target/contract/{@code name}-spectral.txt.
     */
    public static Run spectralLint(String document, String name) {
        try {
            Files.createDirectories(OUT);
            Path file = OUT.resolve(name + ".json");
            Files.writeString(file, document);
            return run(List.of(SPECTRAL.toString(), "lint", "--ruleset", CONTRACT_DIR.resolve(".spectral.yaml")
                    .toString(), "--fail-severity", "warn", "--format", "text", file.toString()), name + "-spectral.txt", 180);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command, output merged into a file under target/contract, and answers its exit code and output. */
    static Run run(List<String> command, String logName, long timeoutSeconds) {
        try {
            Files.createDirectories(OUT);
            Path log = OUT.resolve(logName);
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within " + timeoutSeconds + " s; see " + log);
            }
            return new Run(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
