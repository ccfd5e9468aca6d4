package io.modelcar.console.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fuzzes the REST API from its own OpenAPI document with Schemathesis, as each role (viewer, operator, admin):
 * every operation, generated valid and invalid inputs; no 5xx, every status and body as documented (Problem Details
 * on every error), and a 401 when the credentials are left out. The console runs against a mock cluster of its own,
 * since the fuzzer writes (toggles, kill switch, restarts, configuration).
 * <p>
 * The login throttle is raised out of the way: the {@code ignored_auth} check sends wrong credentials for every
 * operation from one address, on purpose, and expects a 401 each time (the throttle's 429 is documented on every
 * operation and tested by LoginThrottlingTest).
 * <p>
 * The same run by hand, against the sandbox ({@code ./mvnw spring-boot:test-run}): see the README's testing section.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.security.login-throttle.max-failures-per-user=1000000",
        "console.security.login-throttle.max-failures-per-client=1000000"})
@ActiveProfiles("sandbox")
@DirtiesContext
class ApiFuzzTest {

    @RegisterExtension
    static final Prerequisite SCHEMATHESIS = Prerequisite.of("Schemathesis",
            () -> Files.isExecutable(ContractTools.SCHEMATHESIS), ".ci/install-schemathesis.sh (PyPI, in "
                    + ContractTools.VENV + ")");

    /** The checks that run on every response; see docs/hardening.md for the ones left out and why. */
    static final String CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,"
            + "response_schema_conformance,response_headers_conformance,negative_data_rejection,"
            + "missing_required_header,ignored_auth";
    static final int EXAMPLES_PER_OPERATION = 12;
    static final int MINIMUM_REQUESTS = 1_000;
    /** Checks' settings the command line cannot give (428 for a missing If-Match), with their reasons. */
    static final Path CONFIG = ContractTools.CONTRACT_DIR.resolve("schemathesis.toml");
    /** The only operation left out: an event stream never ends (its handshake is tested by InferenceServiceApiTest). */
    static final String EXCLUDED_PATH = "/api/v1/inferenceservices/stream";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final MockKubernetesApi cluster = startSeeded();

    private static MockKubernetesApi startSeeded() {
        MockKubernetesApi started = MockKubernetesApi.start();
        new KServeSeed(started.client()).all();
        return started;
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", cluster::url);
    }

    @LocalServerPort
    int port;

    @Test
    void everyOperationAsEveryRoleStaysWithinTheContract() throws Exception {
        String base = "http://localhost:" + port;
        HttpResponse<String> docs = ConsoleHttp.basic(base, "viewer", "viewer").get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        Files.createDirectories(ContractTools.OUT);
        Path document = ContractTools.OUT.resolve("fuzz-openapi.json");
        Files.writeString(document, docs.body());

        List<String> operations = operations(docs.body());
        int requests = 0;
        List<String> failed = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        for (String role : List.of("viewer", "operator", "admin")) {
            Path cassette = ContractTools.OUT.resolve("fuzz-" + role + ".yaml");
            Files.deleteIfExists(cassette);
            long started = System.nanoTime();
            ContractTools.Run run = ContractTools.run(command(document, base, role, cassette), "fuzz-" + role + ".txt",
                    600);
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            int sent = interactions(cassette);
            requests += sent;
            Map<String, Integer> perOperation = perOperation(cassette, operations);
            System.out.printf("[fuzz] %s: %d requests in %d s, %d operations, fewest requests for one operation: %d"
                    + "%n", role, sent, seconds, operations.size(), perOperation.values().stream()
                    .mapToInt(Integer::intValue).min().orElse(0));
            perOperation.forEach((operation, count) -> {
                if (count == 0) {
                    uncovered.add(role + ": " + operation);
                }
            });
            if (run.exitCode() != 0) {
                failed.add(role + " (" + sent + " requests): see target/contract/fuzz-" + role + ".txt\n"
                        + tail(run.output(), 60));
            }
        }
        System.out.printf("[fuzz] %d requests over %d operations and 3 roles%n", requests, operations.size());

        assertThat(failed).as("Schemathesis findings").isEmpty();
        assertThat(uncovered).as("operations the fuzzer sent nothing to").isEmpty();
        assertThat(requests).as("generated requests over all roles").isGreaterThanOrEqualTo(MINIMUM_REQUESTS);
    }

    /** "METHOD /path/{template}" of every operation of the document, except the excluded event stream. */
    static List<String> operations(String document) {
        List<String> operations = new ArrayList<>();
        JSON.readTree(document).path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> {
                    if (!path.getKey().equals(EXCLUDED_PATH) && METHODS.contains(op.getKey())) {
                        operations.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return operations;
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("get", "put", "post", "patch", "delete");

    /**
     * Requests of a VCR cassette per documented operation (method and path template; a literal segment wins over a
     * template, so POST /api/v1/toggles/kill-switch is not counted for PUT /api/v1/toggles/{name}). Requests with
     * methods no operation has (Schemathesis's probes for 405) are not counted.
     */
    static Map<String, Integer> perOperation(Path cassette, List<String> operations) throws java.io.IOException {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        operations.forEach(operation -> counts.put(operation, 0));
        List<String> byLiteralness = new ArrayList<>(operations);
        byLiteralness.sort(java.util.Comparator.comparingLong(o -> o.chars().filter(c -> c == '{').count()));
        Map<String, Pattern> patterns = new java.util.HashMap<>();
        for (String operation : operations) {
            String path = operation.substring(operation.indexOf(' ') + 1);
            patterns.put(operation, Pattern.compile(operation.substring(0, operation.indexOf(' ')) + " "
                    + Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")));
        }
        if (!Files.exists(cassette)) {
            return counts;
        }
        Matcher m = Pattern.compile("(?m)^    uri: '[a-z]+://[^/]+([^?']*)[^']*'\\n    method: '([A-Z]+)'")
                .matcher(Files.readString(cassette));
        while (m.find()) {
            String request = m.group(2) + " " + m.group(1);
            for (String operation : byLiteralness) {
                if (patterns.get(operation).matcher(request).matches()) {
                    counts.merge(operation, 1, Integer::sum);
                    break;
                }
            }
        }
        return counts;
    }

    static List<String> command(Path document, String base, String role, Path cassette) {
        return List.of(ContractTools.SCHEMATHESIS.toString(), "--config-file", CONFIG.toString(),
                "run", document.toString(),
                "--url", base,
                "--auth", role + ":" + role,
                "--checks", CHECKS,
                "--mode", "all",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", String.valueOf(EXAMPLES_PER_OPERATION),
                "--exclude-path", EXCLUDED_PATH,
                "--seed", "20261130",
                "--workers", "2",
                "--request-timeout", "30",
                "--generation-database", "none",
                "--no-color",
                "--report", "vcr", "--report-vcr-path", cassette.toString());
    }

    /** Requests recorded in a VCR cassette. */
    static int interactions(Path cassette) throws java.io.IOException {
        if (!Files.exists(cassette)) {
            return 0;
        }
        Matcher m = Pattern.compile("(?m)^- id: ").matcher(Files.readString(cassette));
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
