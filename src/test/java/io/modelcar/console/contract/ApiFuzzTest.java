package io.modelcar.console.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * The same run by hand, against the sandbox ({@code ./mvnw spring-boot:test-run}): see the README's testing section.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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
    @org.junit.jupiter.api.Disabled("open findings of the first runs are listed in docs/hardening.md (Schemathesis);"
            + " enable once they are fixed")
    void everyOperationAsEveryRoleStaysWithinTheContract() throws Exception {
        String base = "http://localhost:" + port;
        HttpResponse<String> docs = ConsoleHttp.basic(base, "viewer", "viewer").get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        Files.createDirectories(ContractTools.OUT);
        Path document = ContractTools.OUT.resolve("fuzz-openapi.json");
        Files.writeString(document, docs.body());

        int requests = 0;
        List<String> failed = new ArrayList<>();
        for (String role : List.of("viewer", "operator", "admin")) {
            Path cassette = ContractTools.OUT.resolve("fuzz-" + role + ".yaml");
            Files.deleteIfExists(cassette);
            ContractTools.Run run = ContractTools.run(command(document, base, role, cassette), "fuzz-" + role + ".txt",
                    600);
            int sent = interactions(cassette);
            requests += sent;
            if (run.exitCode() != 0) {
                failed.add(role + " (" + sent + " requests): see target/contract/fuzz-" + role + ".txt\n"
                        + tail(run.output(), 60));
            }
        }

        assertThat(failed).as("Schemathesis findings").isEmpty();
        assertThat(requests).as("generated requests over all roles").isGreaterThanOrEqualTo(MINIMUM_REQUESTS);
    }

    static List<String> command(Path document, String base, String role, Path cassette) {
        return List.of(ContractTools.SCHEMATHESIS.toString(), "run", document.toString(),
                "--url", base,
                "--auth", role + ":" + role,
                "--checks", CHECKS,
                "--mode", "all",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", String.valueOf(EXAMPLES_PER_OPERATION),
                // an event stream never ends: its handshake is tested by InferenceServiceApiTest
                "--exclude-path", "/api/v1/inferenceservices/stream",
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
