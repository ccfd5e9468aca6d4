package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * On every page, a viewer sees the write actions disabled with the reason ("Your role (viewer) cannot ..."): not
 * hidden, not left to fail. An operator gets them enabled. Pages come from Spring MVC's handler mapping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class RbacUiBrowserTest extends MockClusterTest {

    /** Buttons in the page's content that change something: everything but GET forms (filters, search). */
    static final String WRITE_BUTTONS = "#main button:not(form[method=get] button):not(form[method=GET] button)"
            + ":not([role=tab])";

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void viewerSeesEveryWriteActionDisabledWithTheReason() {
        Page page = browser.login(base(), "viewer", "viewer");
        List<String> failures = new ArrayList<>();
        for (String path : pages()) {
            page.navigate(base() + path);
            page.waitForLoadState();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> buttons = (List<Map<String, Object>>) page.evaluate("sel => [...document"
                    + ".querySelectorAll(sel)].map(b => ({text: b.textContent.trim(), disabled: b.disabled}))",
                    WRITE_BUTTONS);
            List<Map<String, Object>> enabled = buttons.stream().filter(b -> !Boolean.TRUE.equals(b.get("disabled")))
                    .toList();
            String reasons = String.join(" | ", page.locator("#main .disabled-reason").allTextContents());
            System.out.printf("[rbac] %-40s write buttons=%d enabled=%d reason=%s%n", path, buttons.size(),
                    enabled.size(), reasons);
            if (!enabled.isEmpty()) {
                failures.add(path + ": enabled for a viewer: " + enabled);
            }
            if (!buttons.isEmpty() && !reasons.contains("viewer")) {
                failures.add(path + ": disabled actions without a reason naming the role");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void operatorGetsTheSameActionsEnabled() {
        Page page = browser.login(base(), "operator", "operator");
        for (String path : List.of("/toggles", "/controller", "/configuration", "/history", "/images")) {
            page.navigate(base() + path);
            page.waitForLoadState();
            assertThat(page.locator("#main .disabled-reason").allTextContents())
                    .noneMatch(reason -> reason.contains("Your role (operator)"));
        }
    }

    private Set<String> pages() {
        Set<String> pages = new LinkedHashSet<>();
        for (String path : SecurityHeadersTest.Routes.getPaths(mappings)) {
            if (!path.startsWith("/api/") && !path.equals("/login") && !path.startsWith("/v3/")
                    && !path.contains("/stream") && !path.contains(".") && !path.contains("no-such")
                    && !path.endsWith("/rows") && !path.endsWith("/pods")) {
                pages.add(path);
            }
        }
        return pages;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
