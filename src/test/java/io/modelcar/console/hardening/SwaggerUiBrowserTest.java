package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Swagger UI works under the console's strict CSP: it renders the API and the browser reports no violation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class SwaggerUiBrowserTest extends MockClusterTest {

    @LocalServerPort
    int port;

    @Test
    void swaggerUiRendersWithoutCspViolations() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = browser.login("http://localhost:" + port, "viewer", "viewer");
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            page.navigate("http://localhost:" + port + "/swagger-ui.html");
            page.locator(".swagger-ui .information-container, .swagger-ui .info").first().waitFor();
            page.waitForTimeout(500);
            System.out.println("[swagger] console errors: " + errors);
            assertThat(errors).noneMatch(e -> e.contains("Content Security Policy"));
            assertThat(page.locator(".swagger-ui .info").textContent()).containsIgnoringCase("api");
        }
    }
}
