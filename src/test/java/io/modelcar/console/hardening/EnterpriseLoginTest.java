package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.AuthorizationServer;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Enterprise login against a real OpenID Connect provider (Spring Authorization Server, started by this test):
 * browser single sign-on in headless Chromium, JWT bearer tokens on the API, roles from the groups claim; local
 * users keep working. Tokens and secrets never reach the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
class EnterpriseLoginTest extends MockClusterTest {

    static final AuthorizationServer provider = AuthorizationServer.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        provider.registerConsole(registry);
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void callbackOnThisConsole() {
        provider.consoleRedirectUri(base() + "/login/oauth2/code/oidc");
    }

    @Test
    void whenOperatorSignsInWithSingleSignOnThenOverviewShowsNameAndOperatorRole() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = signInWithSso(browser, "alice", "alice-pw");
            assertThat(page.url()).startsWith(base() + "/");
            assertThat(page.getByTestId("kserve-version").textContent()).isEqualTo("v0.20.0");
            assertThat(page.locator(".user").textContent()).contains("alice").contains("operator");
        }
    }

    @Test
    void whenViewerGroupSignsInThenRoleIsViewer() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = signInWithSso(browser, "bob", "bob-pw");
            assertThat(page.locator(".user").textContent()).contains("bob").contains("viewer");
        }
    }

    @Test
    void whenUserIsInNoMappedGroupThenAccessIsDenied() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = signInWithSso(browser, "mallory", "mallory-pw");
            assertThat(page.locator("h1").textContent()).contains("403");
        }
    }

    @Test
    void loginPageOffersSingleSignOnAndLocalUsersStillWork() {
        HttpResponse<String> login = ConsoleHttp.anonymous(base()).get("/login");
        assertThat(login.body()).contains("Sign in with single sign-on").contains("/oauth2/authorization/oidc");
        assertThat(ConsoleHttp.browser(base(), "viewer", "viewer").get("/").statusCode()).isEqualTo(200);
        assertThat(ConsoleHttp.basic(base(), "viewer", "viewer").get("/api/v1/storage-initializer").statusCode())
                .isNotIn(401, 403);
    }

    @Test
    void whenApiCalledWithProviderIssuedTokenThenRolesComeFromGroupsClaim(CapturedOutput output) {
        String operatorToken = clientCredentials("automation");
        String viewerToken = clientCredentials("reader");

        HttpResponse<String> read = bearer(viewerToken, "GET", "/api/v1/storage-initializer");
        assertThat(read.statusCode()).isNotIn(401, 403);
        HttpResponse<String> viewerWrite = bearer(viewerToken, "POST", "/api/v1/kserve/controller/restarts");
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(viewerWrite.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> operatorWrite = bearer(operatorToken, "POST", "/api/v1/no-such-write");
        assertThat(operatorWrite.statusCode()).isNotIn(401, 403);

        assertThat(output.getAll()).doesNotContain(operatorToken).doesNotContain(viewerToken)
                .doesNotContain("automation-secret").doesNotContain("console-secret");
    }

    @Test
    void whenTokenIsForgedExpiredOrGarbageThen401WithBothChallengesAndNoRedirect() throws Exception {
        KeyPair foreign = AuthorizationServer.rsa();
        String forged = sign(foreign, provider.issuer(), Instant.now().plusSeconds(300));
        String otherIssuer = sign(foreign, "http://localhost:1", Instant.now().plusSeconds(300));
        for (String token : List.of(forged, otherIssuer, "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")) {
            HttpResponse<String> response = bearer(token, "GET", "/api/v1/storage-initializer");
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .anySatisfy(h -> assertThat(h).startsWith("Basic"))
                    .anySatisfy(h -> assertThat(h).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.body()).contains("urn:modelcar-console:problem:unauthorized").doesNotContain(token);
        }
    }

    private Page signInWithSso(Browser browser, String user, String password) {
        return provider.signIn(browser, base(), user, password);
    }

    private String clientCredentials(String client) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=console")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> bearer(String token, String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(KeyPair keys, String issuer, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("automation")
                .claim("groups", List.of("console-operators")).expirationTime(Date.from(expires))
                .issueTime(new Date()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
