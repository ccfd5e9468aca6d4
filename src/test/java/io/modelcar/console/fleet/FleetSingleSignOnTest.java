package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.AuthorizationServer;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.MockClusterTest;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Roles per cluster from OIDC groups in the browser (headless Chromium, a real OpenID Connect provider): the sealed
 * login cookie keeps the groups a cluster's mapping names, so a group mapped to operator on {@code staging} makes
 * its members operators there, on every page, while they stay what the console-wide mapping made them elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.kubernetes.request-timeout=2s")
@ActiveProfiles("sandbox")
class FleetSingleSignOnTest extends MockClusterTest {

    static final AuthorizationServer provider = AuthorizationServer.start();
    static final MockKubernetesApi staging = FleetClusters.seeded("2Gi");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void oidcAndClusters(DynamicPropertyRegistry registry) {
        provider.registerConsole(registry);
        FleetClusters.register(registry, 0, "staging", staging, "test", Map.of());
        registry.add("console.clusters.remote[0].roles.groups.console-viewers", () -> "operator");
        registry.add("console.clusters.default-roles.groups.staff", () -> "none");
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @BeforeEach
    void callbackOnThisConsole() {
        provider.consoleRedirectUri(base() + "/login/oauth2/code/oidc");
    }

    @Test
    void whenAGroupIsMappedToOperatorOnOneClusterThenItsMembersAreOperatorsThereInTheBrowser() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = provider.signIn(browser, base(), "bob", "bob-pw");

            page.navigate(base() + "/clusters/staging/configuration");
            assertThat(page.locator(".user").textContent()).contains("bob").contains("operator");
            page.navigate(base() + "/configuration");
            assertThat(page.locator(".user").textContent()).contains("bob").contains("viewer");
        }
    }

    @Test
    void whenAGroupIsMappedToNoneOnAClusterThenItsMembersAreRefusedThereAndDoNotSeeIt() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = provider.signIn(browser, base(), "alice", "alice-pw");

            page.navigate(base() + "/clusters/staging/configuration");
            assertThat(page.locator(".user").textContent()).contains("alice").contains("operator");
            assertThat(page.locator(".cluster-picker a").allTextContents()).as("a cluster she may not see")
                    .contains("staging").doesNotContain("local");
            assertThat(page.navigate(base() + "/configuration").status()).isEqualTo(403);

            page.navigate(base() + "/fleet");
            assertThat(page.getByTestId("fleet-cluster").evaluateAll("rows => rows.map(r => r.dataset.cluster)"))
                    .as(page.content()).isEqualTo(java.util.List.of("staging"));
            Page bob = provider.signIn(browser, base(), "bob", "bob-pw");
            bob.navigate(base() + "/fleet");
            assertThat(bob.getByTestId("fleet-cluster").count()).as("bob sees both clusters").isEqualTo(2);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
