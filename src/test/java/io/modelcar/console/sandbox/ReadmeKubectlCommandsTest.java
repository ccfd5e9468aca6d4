package io.modelcar.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.RealClusterTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code kubectl --kubeconfig target/sandbox/kubeconfig ...} command of the README works against the sandbox's
 * real control plane ({@code -Dsandbox.cluster=real}), in the order the README gives them: the cluster seeded as the
 * sandbox seeds it, the administrator's kubeconfig in place of the sandbox's.
 */
class ReadmeKubectlCommandsTest extends RealClusterTest {

    static final String PREFIX = "kubectl --kubeconfig target/sandbox/kubeconfig ";
    static final Pattern COMMAND = Pattern.compile(Pattern.quote(PREFIX) + "([^`#\\n]+)");

    @Test
    void everyKubectlCommandOfTheReadmeWorksOnTheRealControlPlane() throws IOException {
        List<String> commands = readmeCommands().stream().filter(c -> !needsKServe(c)).toList();
        assertThat(commands).as("the README's kubectl commands").hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(c -> c.startsWith("create namespace"))
                .anyMatch(c -> c.contains("rollout restart")).anyMatch(c -> c.contains("rollout status"))
                .anyMatch(c -> c.contains("describe")).anyMatch(c -> c.contains("apply --server-side"))
                .anyMatch(c -> c.startsWith("auth can-i"));
        ControlPlane controlPlane = controlPlane();
        for (String command : commands) {
            ControlPlane.KubectlResult result = controlPlane.tryKubectl(controlPlane.adminKubeconfig(), null,
                    arguments(command).toArray(String[]::new));
            assertThat(result.exitCode()).as("kubectl " + command + "\n" + result.error()).isZero();
            assertThat(result.output()).as("kubectl " + command).isNotBlank();
        }
    }

    @AfterAll
    static void seedAgain() {
        if (CONTROL_PLANE.present()) {
            reseed();
        }
    }

    static List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        Matcher m = COMMAND.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            commands.add(m.group(1).strip());
        }
        return commands;
    }

    /**
     * A command on what only the real KServe makes (a model's pods, by KServe's label): {@link SandboxOnKServeTest}
     * runs it, on the sandbox's KServe.
     */
    static boolean needsKServe(String command) {
        return command.contains("serving.kserve.io/inferenceservice=");
    }

    /** Splits a shell command line at blanks, keeping quoted words whole. */
    static List<String> arguments(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }
}
