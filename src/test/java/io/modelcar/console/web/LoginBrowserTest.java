package io.modelcar.console.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class LoginBrowserTest extends MockClusterTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @Test
    void whenLoggedInThenOverviewShowsKServeWithoutScriptOrPolicyErrors() {
        Page page = browser.newPage();
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.navigate("http://localhost:" + port + "/");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
        page.getByLabel("Username").fill("viewer");
        page.getByLabel("Password").fill("viewer");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByTestId("kserve-version")).hasText("v0.20.0");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenPasswordIsWrongThenLoginSaysSo() {
        Page page = browser.newPage();
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("Username").fill("viewer");
        page.getByLabel("Password").fill("nope");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).hasText("Wrong username or password.");
    }
}
