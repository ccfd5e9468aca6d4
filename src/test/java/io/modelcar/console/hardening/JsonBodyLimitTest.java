package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A signed-in caller cannot make a replica hold a JSON body of any size: over
 * {@code console.web.max-json-body-bytes} (1 MiB) it is refused with a 413 Problem, with a declared length before
 * anything reads it and without one (chunked) once the limit is passed. A viewer may post a promotion (its roles are
 * checked per cluster inside), so the route is open to the least-privileged user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class JsonBodyLimitTest extends MockClusterTest {

    private static final String PROMOTIONS = "/api/v1/fleet/promotions";

    @LocalServerPort
    int port;

    private ConsoleHttp viewer() {
        return ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer");
    }

    /** A promotion whose {@code keys} array holds {@code bytes} of names. */
    private static String promotion(int bytes) {
        StringBuilder keys = new StringBuilder("{\"source\": \"local\", \"target\": \"local\", \"keys\": [");
        while (keys.length() < bytes) {
            keys.append("\"memoryLimit\",");
        }
        return keys.append("\"cpuLimit\"]}").toString();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() {
        HttpResponse<String> response = viewer().send("POST", PROMOTIONS, "application/json",
                promotion(1_500_000));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("payload-too-large").contains("1048576");
    }

    @Test
    void aBodySentWithoutALengthIsCutAtTheLimit() {
        byte[] body = promotion(1_500_000).getBytes(StandardCharsets.UTF_8);
        ConsoleHttp viewer = viewer();
        HttpResponse<String> response = viewer.send(viewer.request(PROMOTIONS)
                .setHeader("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large").contains("1048576");
    }

    @Test
    void aBodyUnderTheLimitIsReadAsBefore() {
        HttpResponse<String> response = viewer().send("POST", PROMOTIONS, "application/json", promotion(10_000));

        assertThat(response.statusCode()).isNotEqualTo(413).isLessThan(500);
    }
}
