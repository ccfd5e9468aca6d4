package io.modelcar.console.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The OpenAPI document as automation meets it: fetched with API credentials (no login page), it names the console
 * and its version, declares its security schemes and Problem Details, and Spectral's {@code spectral:oas} ruleset
 * finds no error and no warning in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ContractLintTest extends MockClusterTest {

    @RegisterExtension
    static final Prerequisite SPECTRAL = Prerequisite.of("Spectral (@stoplight/spectral-cli)",
            () -> Files.isExecutable(ContractTools.SPECTRAL), ".ci/install-spectral.sh (npm ci in src/test/contract)");

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void apiCredentialsFetchTheDocumentAndItNamesTheConsoleItsVersionAndItsSecuritySchemes() {
        HttpResponse<String> anonymous = ConsoleHttp.anonymous(base()).get("/v3/api-docs");
        HttpResponse<String> docs = ConsoleHttp.basic(base(), "viewer", "viewer").get("/v3/api-docs");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(docs.body());
        assertThat(document.path("info").path("title").asString()).isEqualTo("Modelcar Console API");
        assertThat(document.path("info").path("version").asString()).isNotBlank().isNotEqualTo("v0");
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        List<String> errorsWithoutProblem = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("responses").properties().forEach(response -> {
                    String status = response.getKey();
                    boolean error = status.startsWith("4") || status.startsWith("5");
                    String ref = response.getValue().path("content").path("application/problem+json")
                            .path("schema").path("$ref").asString("");
                    if (error && !ref.equals("#/components/schemas/Problem")) {
                        errorsWithoutProblem.add(op.getKey() + " " + path.getKey() + " " + status);
                    }
                })));
        assertThat(errorsWithoutProblem).isEmpty();
    }

    /**
     * Found by ApiFuzzTest: an optional JSON body (restart options, the kill switch's confirmation) sent as JSON
     * {@code null} reads as no body; the schema says so instead of forbidding what the console accepts.
     */
    @Test
    void optionalBodiesMayBeJsonNullAndRequiredOnesMayNot() {
        JsonNode paths = JSON.readTree(ConsoleHttp.basic(base(), "viewer", "viewer").get("/v3/api-docs").body())
                .path("paths");
        for (String path : List.of("/api/v1/kserve/controller/restarts", "/api/v1/toggles/kill-switch")) {
            JsonNode schema = paths.path(path).path("post").path("requestBody").path("content")
                    .path("application/json").path("schema");
            assertThat(schema.path("anyOf").toString()).as(path).contains("\"$ref\"").contains("\"null\"");
        }
        assertThat(paths.path("/api/v1/toggles/{name}").path("put").path("requestBody").path("content")
                .path("application/json").path("schema").has("anyOf")).isFalse();
    }

    @Test
    void spectralOasRulesetFindsNoErrorAndNoWarning() throws Exception {
        HttpResponse<String> docs = ConsoleHttp.basic(base(), "viewer", "viewer").get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        ContractTools.Run lint = ContractTools.spectralLint(docs.body(), "openapi");

        assertThat(lint.output()).as("spectral lint (severity error or warn fails)").doesNotContain(" error ")
                .doesNotContain(" warning ");
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }
}
