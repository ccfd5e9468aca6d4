package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every response carries the security headers: pages, API, errors (404, 401, 403, 405), login, static assets,
 * Swagger, Actuator. Routes come from Spring's own handler mapping, so a new page or endpoint cannot be forgotten.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class SecurityHeadersTest extends MockClusterTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteAnswersWithAllSecurityHeaders() {
        ConsoleHttp viewerPages = ConsoleHttp.browser(base(), "viewer", "viewer");
        ConsoleHttp viewerApi = ConsoleHttp.basic(base(), "viewer", "viewer");
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        Map<String, HttpResponse<String>> responses = new LinkedHashMap<>();
        for (String path : Routes.getPaths(mappings)) {
            ConsoleHttp client = path.startsWith("/api/") ? viewerApi : viewerPages;
            responses.put("GET " + path + " (viewer)", client.get(path));
            responses.put("GET " + path + " (anonymous)", anonymous.get(path));
        }
        responses.put("login page", anonymous.get("/login"));
        responses.put("failed login", anonymous.send("POST", "/login", "application/x-www-form-urlencoded",
                "username=viewer&password=wrong"));
        responses.put("static js", anonymous.get("/assets/app.js"));
        responses.put("static css", anonymous.get("/assets/style.css"));
        responses.put("page 404", viewerPages.get("/no-such-page"));
        responses.put("api 404", viewerApi.get("/api/v1/no-such-thing"));
        responses.put("api 401", anonymous.get("/api/v1/kserve"));
        responses.put("api 401 bad password", ConsoleHttp.basic(base(), "viewer", "wrong").get("/api/v1/kserve"));
        responses.put("api 403", viewerApi.send("POST", "/api/v1/kserve/controller/restarts", "application/json",
                "{}"));
        responses.put("api 405", ConsoleHttp.basic(base(), "admin", "admin").send("DELETE", "/api/v1/kserve",
                null, null));
        responses.put("page 403 (no CSRF token)", viewerPages.send("POST", "/", "application/x-www-form-urlencoded",
                "a=b"));
        responses.put("swagger ui", viewerPages.get("/swagger-ui/index.html"));
        responses.put("api docs", viewerPages.get("/v3/api-docs"));
        responses.put("health", anonymous.get("/actuator/health"));
        responses.put("actuator 401", anonymous.get("/actuator/metrics"));

        List<String> failures = new ArrayList<>();
        responses.forEach((name, response) -> failures.addAll(missingHeaders(name, response)));
        System.out.printf("[headers] %d responses checked, %d problems%n", responses.size(), failures.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void whenServedOverTlsBehindAProxyThenHstsAndSecureSessionCookie() {
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        HttpResponse<String> response = anonymous.send(anonymous.request("/login")
                .header("X-Forwarded-Proto", "https").GET().build());
        assertThat(response.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(h -> assertThat(h).contains("max-age=31536000").contains("includeSubDomains"));
        assertThat(sessionCookie(response)).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void whenServedOverPlainHttpThenNoHstsButHttpOnlySameSiteCookie() {
        HttpResponse<String> response = ConsoleHttp.anonymous(base()).get("/login");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(sessionCookie(response)).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    /** There is no HTTP session (see StatelessBrowserSessions): the login page sets the CSRF cookie. */
    private static String sessionCookie(HttpResponse<String> response) {
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("MCC_CSRF="))
                .findFirst().orElseThrow(() -> new AssertionError("no CSRF cookie"));
    }

    static List<String> missingHeaders(String name, HttpResponse<String> response) {
        List<String> failures = new ArrayList<>();
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        if (!csp.contains("object-src 'none'") || !csp.contains("base-uri 'none'")
                || !csp.contains("frame-ancestors 'none'") || !csp.contains("default-src 'self'")
                || csp.contains("unsafe-inline") || csp.contains("unsafe-eval")) {
            failures.add(name + " (" + response.statusCode() + "): CSP '" + csp + "'");
        }
        if (!"nosniff".equals(response.headers().firstValue("X-Content-Type-Options").orElse(""))) {
            failures.add(name + " (" + response.statusCode() + "): no X-Content-Type-Options");
        }
        if (response.headers().firstValue("Referrer-Policy").isEmpty()) {
            failures.add(name + " (" + response.statusCode() + "): no Referrer-Policy");
        }
        if (!response.headers().firstValue("Cache-Control").orElse("").contains("no-store")) {
            failures.add(name + " (" + response.statusCode() + "): Cache-Control '"
                    + response.headers().firstValue("Cache-Control").orElse("") + "'");
        }
        if (!"DENY".equals(response.headers().firstValue("X-Frame-Options").orElse(""))) {
            failures.add(name + " (" + response.statusCode() + "): no X-Frame-Options DENY");
        }
        return failures;
    }

    private String base() {
        return "http://localhost:" + port;
    }

    /** The console's routes, from Spring MVC's handler mapping. */
    static final class Routes {

        /** Sample values for path variables, so that templated routes can be called. */
        static final Map<String, String> SAMPLES = Map.of("namespace", "team-vision", "name", "resnet-pinned",
                "id", "no-such-id", "key", "no-such-key");

        /** Every GET route (templates filled with samples), excluding framework routes. */
        static Set<String> getPaths(RequestMappingHandlerMapping mappings) {
            Set<String> paths = new TreeSet<>();
            mappings.getHandlerMethods().forEach((info, method) -> {
                if (isOurs(method.getBeanType()) && (methods(info).isEmpty() || methods(info).contains("GET"))) {
                    info.getPatternValues().forEach(p -> paths.add(fill(p)));
                }
            });
            paths.remove("/error");
            return paths;
        }

        /** Every write route (method + filled path) of ours. */
        static Set<String> writeRoutes(RequestMappingHandlerMapping mappings) {
            Set<String> routes = new TreeSet<>();
            mappings.getHandlerMethods().forEach((info, method) -> {
                if (!isOurs(method.getBeanType())) {
                    return;
                }
                for (String m : methods(info)) {
                    if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS")) {
                        info.getPatternValues().forEach(p -> routes.add(m + " " + fill(p)));
                    }
                }
            });
            return routes;
        }

        private static Set<String> methods(RequestMappingInfo info) {
            Set<String> methods = new TreeSet<>();
            for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                methods.add(m.name());
            }
            return methods;
        }

        private static boolean isOurs(Class<?> type) {
            return type.getName().startsWith("io.modelcar.console.");
        }

        static String fill(String pattern) {
            String path = pattern;
            for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
                path = path.replaceAll("\\{" + e.getKey() + "(:[^}]*)?}", e.getValue());
            }
            return path.replaceAll("\\{[^}]+}", "x");
        }
    }
}
