package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 14, point 4: a caller may have the console use only the pull secrets of namespaces mapped to them
 * ({@code console.images.pull-secret-access}); another team's Secret gets exactly the answer of a Secret that does
 * not exist (nothing about its existence, type or registries), and every resolve is audited with its actor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.images.registry.url=registry.invalid", "console.images.registry-timeout=2s",
        "console.images.pull-secret-access.team-own[0]=role:operator",
        "console.images.pull-secret-access.team-admins[0]=user:admin"})
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
class PullSecretAccessTest extends MockClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void whenAnOperatorNamesAnotherTeamsSecretThenTheAnswerIsThatOfAMissingSecret(CapturedOutput output) {
        secret("team-other", "their-pull", "registry.invalid");
        secret("team-other", "not-docker", null);
        ConsoleHttp operator = ConsoleHttp.basic("http://localhost:" + port, "operator", "operator");

        HttpResponse<String> theirs = resolve(operator, "team-other", "their-pull");
        HttpResponse<String> wrongType = resolve(operator, "team-other", "not-docker");
        HttpResponse<String> missing = resolve(operator, "team-other", "no-such-secret");

        for (HttpResponse<String> answer : java.util.List.of(theirs, wrongType, missing)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:modelcar-console:problem:pull-secret-not-found");
            assertThat(answer.body()).doesNotContain("dockerconfigjson").doesNotContain("has no credentials");
        }
        assertThat(JSON.readTree(theirs.body()).path("detail").asString().replace("their-pull", "X"))
                .isEqualTo(JSON.readTree(missing.body()).path("detail").asString().replace("no-such-secret", "X"));
        assertThat(output.getOut()).contains("\"actor\":\"operator\",\"action\":\"image.resolve\"")
                .contains("pull secret team-other/their-pull");
    }

    @Test
    void whenTheCallerIsMappedToTheNamespaceThenTheSecretIsUsed() {
        secret("team-own", "our-pull", "registry.invalid");
        secret("team-admins", "admins-pull", "registry.invalid");
        ConsoleHttp operator = ConsoleHttp.basic("http://localhost:" + port, "operator", "operator");

        HttpResponse<String> ours = resolve(operator, "team-own", "our-pull");
        HttpResponse<String> admins = resolve(operator, "team-admins", "admins-pull");
        HttpResponse<String> asAdmin = resolve(ConsoleHttp.basic("http://localhost:" + port, "admin", "admin"),
                "team-admins", "admins-pull");

        // the Secret was read and its credentials used: the answer is the registry's (which does not exist)
        assertThat(ours.statusCode()).as(ours.body()).isEqualTo(502);
        assertThat(asAdmin.statusCode()).as(asAdmin.body()).isEqualTo(502);
        assertThat(admins.statusCode()).as("user:admin only").isEqualTo(404);
    }

    private static HttpResponse<String> resolve(ConsoleHttp caller, String namespace, String name) {
        return caller.send("POST", "/api/v1/images/resolve", "application/json",
                "{\"reference\":\"registry.invalid/models/x:1\",\"pullSecret\":{\"namespace\":\"" + namespace
                        + "\",\"name\":\"" + name + "\"}}");
    }

    private static void secret(String namespace, String name, String host) {
        if (api.client().secrets().inNamespace(namespace).withName(name).get() != null) {
            return;
        }
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata();
        if (host == null) {
            secret.withType("Opaque").addToData("x", "eA==");
        } else {
            String auth = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
            String config = "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
            secret.withType("kubernetes.io/dockerconfigjson").addToData(".dockerconfigjson",
                    Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)));
        }
        api.client().secrets().inNamespace(namespace).resource(secret.build()).create();
    }
}
