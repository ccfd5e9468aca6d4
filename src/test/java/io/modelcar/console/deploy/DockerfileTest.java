package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Stands in for {@code docker build} on machines without Docker: reads the Dockerfile as Docker would (continuation
 * lines, comments, stages, build arguments) and checks what the image must be: built from source in a JDK stage,
 * run from a layered jar on a JRE as a numeric non-root user, healthy only when ready.
 */
class DockerfileTest {

    static final List<Stage> STAGES = parse(Path.of("Dockerfile"));

    @Test
    void buildStageBuildsTheJarWithTheMavenWrapperAndNode() {
        Stage build = stage("build");

        assertThat(build.image()).contains("jdk").contains("17");
        assertThat(build.all("RUN")).anyMatch(run -> run.contains("nodejs") && run.contains("npm"));
        assertThat(build.all("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
        assertThat(build.all("COPY")).anyMatch(copy -> copy.contains("mvnw"));
        assertThat(build.all("COPY")).anyMatch(copy -> copy.startsWith("frontend"));
        assertThat(build.all("COPY")).anyMatch(copy -> copy.startsWith("src/main"));
    }

    @Test
    void jarIsSplitIntoSpringBootLayersWithTheToolsJarMode() {
        // without --launcher: application.jar with its lib/ on the JVM's own class path, the layout CDS needs
        assertThat(STAGES).flatExtracting(s -> s.all("RUN")).anyMatch(run -> run.contains("-Djarmode=tools")
                && run.contains("extract") && run.contains("--layers") && !run.contains("--launcher"));
        Stage runtime = runtime();
        List<String> layerCopies = runtime.all("COPY").stream().filter(c -> c.contains("extracted/")).toList();
        assertThat(layerCopies).hasSize(4);
        assertThat(layerCopies.get(0)).contains("/dependencies/");
        assertThat(layerCopies.get(1)).contains("/spring-boot-loader/");
        assertThat(layerCopies.get(2)).contains("/snapshot-dependencies/");
        assertThat(layerCopies.get(3)).contains("/application/");
        assertThat(runtime.last("ENTRYPOINT")).contains("\"-jar\", \"application.jar\"");
    }

    @Test
    void runtimeStartsFromAClassDataSharingArchiveOfATrainingRun() {
        Stage runtime = runtime();
        // the archive is made in the runtime stage itself (same JVM, same paths), after the layers are in place and
        // before USER (root writes it, the console only reads it)
        List<Instruction> instructions = runtime.instructions();
        int training = -1;
        for (int i = 0; i < instructions.size(); i++) {
            Instruction instruction = instructions.get(i);
            if (instruction.keyword().equals("RUN") && instruction.arguments().contains("-XX:ArchiveClassesAtExit=")) {
                training = i;
            }
        }
        assertThat(training).as("a RUN with -XX:ArchiveClassesAtExit in the runtime stage").isNotNegative();
        String run = instructions.get(training).arguments();
        assertThat(run).contains("-XX:ArchiveClassesAtExit=application.jsa")
                .contains("-Dspring.context.exit=onRefresh").contains("-jar application.jar");
        assertThat(instructions.subList(0, training)).filteredOn(i -> i.keyword().equals("COPY"))
                .filteredOn(i -> i.arguments().contains("extracted/")).hasSize(4);
        assertThat(runtime.after("USER")).noneMatch(i -> i.arguments().contains("ArchiveClassesAtExit"));
        assertThat(runtime.last("ENTRYPOINT")).contains("\"-XX:SharedArchiveFile=application.jsa\"");
    }

    @Test
    void finalStageRunsOnAJreAsANumericNonRootUser() {
        Stage runtime = runtime();

        assertThat(runtime.image()).contains("jre").contains("17");
        String user = runtime.last("USER");
        assertThat(user).as("USER must be numeric (Kubernetes' runAsNonRoot checks the number)")
                .matches("\\d+(:\\d+)?");
        String uid = user.split(":")[0];
        assertThat(Integer.parseInt(uid)).isPositive();
        assertThat(user).isNotEqualToIgnoringCase("root");
        // nothing after USER switches back to root
        assertThat(runtime.after("USER")).noneMatch(i -> i.keyword().equals("RUN") || i.keyword().equals("USER"));
    }

    @Test
    void readOnlyRootFilesystemNeedsOnlyAWritableTmp() {
        Stage runtime = runtime();

        assertThat(runtime.last("VOLUME")).contains("/tmp");
        assertThat(runtime.all("ENV")).anyMatch(env -> env.contains("-Djava.io.tmpdir=/tmp"));
    }

    @Test
    void healthcheckProbesReadiness() {
        String healthcheck = runtime().last("HEALTHCHECK");

        assertThat(healthcheck).contains("CMD").contains("/actuator/health/readiness");
        assertThat(healthcheck).contains("/bin/busybox-static");
        assertThat(runtime().last("EXPOSE")).isEqualTo("8080");
    }

    @Test
    void debianStaticBusyboxIsInTheImageAndNamedInTheEnvironment() {
        Stage busybox = stage("busybox");
        assertThat(busybox.image()).startsWith("debian:");
        assertThat(busybox.all("RUN")).anyMatch(run -> run.contains("apt-get install") && run.contains("busybox-static"));

        Stage runtime = runtime();
        assertThat(runtime.all("COPY")).contains("--from=busybox /bin/busybox /bin/busybox-static");
        assertThat(runtime.all("ENV")).anyMatch(env -> env.contains("CONSOLE_IMAGES_BUSYBOX_PATH=/bin/busybox-static"));
    }

    @Test
    void buildContextLeavesOutBuildOutputAndDependencies() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(ignore.get(0)).isEqualTo("**");
        assertThat(ignore).contains("!src/", "!frontend/", "!pom.xml", "!mvnw", "!.mvn/")
                .contains("frontend/node_modules/", "**/target/", ".git/", "src/test/");
    }

    private static Stage runtime() {
        return STAGES.get(STAGES.size() - 1);
    }

    private static Stage stage(String name) {
        return STAGES.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("No stage " + name));
    }

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments)
                    .toList();
        }

        String last(String keyword) {
            List<String> found = all(keyword);
            assertThat(found).as("%s in stage %s", keyword, name).isNotEmpty();
            return found.get(found.size() - 1);
        }

        List<Instruction> after(String keyword) {
            int index = -1;
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).keyword().equals(keyword)) {
                    index = i;
                }
            }
            return instructions.subList(index + 1, instructions.size());
        }
    }

    /** Docker's reading: comments dropped, backslash continuations joined, global ARG defaults substituted. */
    static List<Stage> parse(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            logical.add(current.toString().strip());
            current.setLength(0);
        }
        Map<String, String> args = new HashMap<>();
        List<Stage> stages = new ArrayList<>();
        Pattern from = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
        for (String instruction : logical) {
            String keyword = instruction.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            String arguments = instruction.contains(" ") ? instruction.substring(instruction.indexOf(' ') + 1).strip()
                    : "";
            if (keyword.equals("FROM")) {
                Matcher m = from.matcher(instruction);
                assertThat(m.matches()).as(instruction).isTrue();
                stages.add(new Stage(substitute(m.group(1), args), m.group(2), new ArrayList<>()));
            } else if (stages.isEmpty() && keyword.equals("ARG")) {
                String[] pair = arguments.split("=", 2);
                args.put(pair[0], pair.length > 1 ? pair[1] : "");
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return stages;
    }

    private static String substitute(String image, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(image);
        return m.replaceAll(r -> Matcher.quoteReplacement(args.getOrDefault(r.group(1), "")));
    }
}
