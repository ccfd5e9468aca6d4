package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Passwords, tokens and raw Kubernetes error bodies never appear in a response or a log line, whatever goes wrong:
 * wrong passwords (form and Basic), garbage bearer tokens, and the API server refusing the console's ServiceAccount.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
class NoLeaksTest extends MockClusterTest {

    static final String WRONG_PASSWORD = "Canary-Pa55word-7f3a";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.Canary-Token-Signature-91c2";

    @LocalServerPort
    int port;

    @Autowired
    KServeDiscovery discovery;

    @Test
    void whenAnythingGoesWrongThenNoSecretTokenOrKubernetesBodyInResponsesOrLogs(CapturedOutput output) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        responses.add(anonymous.send("POST", "/login", "application/x-www-form-urlencoded",
                "username=viewer&password=" + WRONG_PASSWORD));
        responses.add(ConsoleHttp.basic(base(), "viewer", WRONG_PASSWORD).get("/api/v1/kserve"));
        responses.add(ConsoleHttp.basic(base(), "admin", WRONG_PASSWORD).get("/actuator/env"));
        responses.add(anonymous.send(anonymous.request("/api/v1/kserve").header("Authorization", "Bearer " + TOKEN)
                .GET().build()));
        responses.add(anonymous.send(anonymous.request("/api/v1/kserve?token=" + TOKEN).GET().build()));
        discovery.refresh();
        api.answerWith(403, p -> p.contains("/deployments"));
        try {
            HttpResponse<String> denied = ConsoleHttp.browser(base(), "viewer", "viewer").get("/");
            assertThat(denied.statusCode()).isEqualTo(502);
            responses.add(denied);
        } finally {
            api.answerNormally();
            discovery.refresh();
        }

        String basic = Base64.getEncoder().encodeToString(("viewer:" + WRONG_PASSWORD).getBytes());
        for (HttpResponse<String> response : responses) {
            assertThat(response.body() + response.headers().map()).as(response.uri().toString())
                    .doesNotContain(WRONG_PASSWORD).doesNotContain(TOKEN).doesNotContain(basic)
                    .doesNotContain("injected fault").doesNotContain("\"kind\":\"Status\"")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD).doesNotContain(TOKEN).doesNotContain(basic)
                .doesNotContain("Canary-Token").doesNotContain("injected fault");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
