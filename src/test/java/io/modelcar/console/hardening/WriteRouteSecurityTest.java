package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every write route, enumerated from Spring MVC's handler mapping (a new route cannot be forgotten): without
 * credentials the API answers 401 with a challenge (never a redirect), a viewer gets 403, a page write without a
 * CSRF token is refused; none of it writes anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class WriteRouteSecurityTest extends MockClusterTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyWriteRouteRefusesAnonymousViewerAndCsrfLessRequestsWithoutWriting() {
        Set<String> routes = SecurityHeadersTest.Routes.writeRoutes(mappings);
        System.out.printf("[write-routes] %d: %s%n", routes.size(), routes);
        String before = configMapVersion();
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());
        ConsoleHttp viewerApi = ConsoleHttp.basic(base(), "viewer", "viewer");
        ConsoleHttp operatorPages = ConsoleHttp.browser(base(), "operator", "operator");
        ConsoleHttp viewerPages = ConsoleHttp.browser(base(), "viewer", "viewer");
        List<String> failures = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/api/")) {
                HttpResponse<String> noAuth = anonymous.send(method, path, "application/json", "{}");
                expect(failures, route + " anonymous", noAuth, 401);
                if (noAuth.headers().firstValue("WWW-Authenticate").isEmpty()
                        || noAuth.headers().firstValue("Location").isPresent()) {
                    failures.add(route + " anonymous: no challenge or a redirect");
                }
                expect(failures, route + " viewer", viewerApi.send(method, path, "application/json", "{}"), 403);
                expect(failures, route + " session cookie only (no Basic)",
                        operatorPages.send(method, path, "application/json", "{}",
                                "X-CSRF-TOKEN", operatorPages.csrfToken()), 401);
            } else {
                expect(failures, route + " operator without CSRF token",
                        operatorPages.send(method, path, "application/x-www-form-urlencoded", "a=b"), 403);
                expect(failures, route + " viewer with CSRF token", viewerPages.send(method, path,
                        "application/x-www-form-urlencoded", "_csrf=" + viewerPages.csrfToken()), 403);
                HttpResponse<String> noAuth = anonymous.send(method, path, "application/x-www-form-urlencoded",
                        "a=b");
                if (noAuth.statusCode() != 403 && noAuth.statusCode() != 302) {
                    failures.add(route + " anonymous: " + noAuth.statusCode());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(configMapVersion()).as("nothing written").isEqualTo(before);
    }

    private static void expect(List<String> failures, String what, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            failures.add(what + ": expected " + status + " but was " + response.statusCode());
        }
    }

    private String configMapVersion() {
        ConfigMap cm = api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP)
                .get();
        return cm.getMetadata().getResourceVersion();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
