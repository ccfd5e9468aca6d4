package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 14, point 7: after a few failed sign-ins a user is locked out for a while: the API answers 429 Problem with
 * {@code Retry-After} (even for the right password, without checking it), the login page says so, and the lockout is
 * audited. Another user is not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.security.login-throttle.max-failures-per-user=3", "console.security.login-throttle.backoff=30s"})
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottlingTest extends MockClusterTest {

    @LocalServerPort
    int port;

    @Test
    void whenAUserFailsTooOftenThenTheApiAnswers429WithRetryAfterAndItIsAudited(CapturedOutput output) {
        ConsoleHttp wrong = ConsoleHttp.basic(base(), "operator", "wrong-password");
        for (int i = 0; i < 3; i++) {
            assertThat(wrong.get("/api/v1/storage-initializer").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = wrong.get("/api/v1/storage-initializer");
        HttpResponse<String> rightPassword = ConsoleHttp.basic(base(), "operator", "operator")
                .get("/api/v1/storage-initializer");

        for (HttpResponse<String> refused : java.util.List.of(locked, rightPassword)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
                    .isBetween(1L, 30L);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("urn:modelcar-console:problem:login-throttled");
        }
        assertThat(ConsoleHttp.basic(base(), "viewer", "viewer").get("/api/v1/storage-initializer").statusCode())
                .as("another user").isEqualTo(200);
        assertThat(output.getOut()).contains("\"actor\":\"operator\",\"action\":\"login.throttled\"");
    }

    @Test
    void whenAUserFailsTooOftenOnTheLoginPageThenThePageSaysToWait() {
        ConsoleHttp browser = ConsoleHttp.anonymous(base());
        String location = "";
        for (int i = 0; i < 4; i++) {
            String token = ConsoleHttp.csrfFrom(browser.get("/login").body());
            HttpResponse<String> post = browser.send("POST", "/login", "application/x-www-form-urlencoded",
                    "username=admin&password=nope&_csrf=" + token);
            location = post.headers().firstValue("Location").orElse("");
        }

        assertThat(location).endsWith("/login?throttled");
        assertThat(browser.get("/login?throttled").body()).contains("Too many failed sign-ins");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
