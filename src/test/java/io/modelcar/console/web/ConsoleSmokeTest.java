package io.modelcar.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ConsoleSmokeTest extends MockClusterTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsOpenWithoutAuthentication() {
        HttpResponse<String> response = ConsoleHttp.anonymous(base()).get("/actuator/health/liveness");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }

    @Test
    void pagesRedirectToLoginWhenUnauthenticated() {
        HttpResponse<String> response = ConsoleHttp.anonymous(base()).get("/");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void overviewShowsTheDiscoveredKServeInstallation() {
        HttpResponse<String> response = ConsoleHttp.browser(base(), "viewer", "viewer").get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("v0.20.0").contains(">kserve<");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("object-src 'none'").doesNotContain("unsafe-inline"));
    }

    @Test
    void staticAssetsAreBundledIntoTheJar() {
        assertThat(ConsoleHttp.anonymous(base()).get("/assets/app.js").statusCode()).isEqualTo(200);
        assertThat(ConsoleHttp.anonymous(base()).get("/assets/style.css").statusCode()).isEqualTo(200);
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
