package io.modelcar.console.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class LoginBrowserTest extends MockClusterTest {

    static Browser browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void launch() {
        assumeTrue(Browser.available(), "Chromium is not installed");
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

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
