package io.modelcar.console.testsupport;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium per test class: launched before the class's tests, closed after them. Where the machine has
 * no Chromium each test is reported as skipped with how to get it (a failure under {@code CI=true}, see
 * {@link Prerequisite}). Register it as a static field:
 * {@code @RegisterExtension static final ChromiumExtension browser = new ChromiumExtension();}
 */
public final class ChromiumExtension implements BeforeAllCallback, AfterAllCallback, ExecutionCondition {

    /** Debian's Chromium, which the browser tests drive through Playwright. */
    public static final Prerequisite CHROMIUM =
            Prerequisite.of("Chromium", Browser::available, "apt-get install chromium (or run .ci/run)");

    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (CHROMIUM.present()) {
            browser = Browser.launch();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return CHROMIUM.evaluateExecutionCondition(context);
    }

    /** See {@link Browser#newPage()}. */
    public Page newPage() {
        return browser.newPage();
    }

    /** See {@link Browser#newPageBypassingCsp()}. */
    public Page newPageBypassingCsp() {
        return browser.newPageBypassingCsp();
    }

    /** See {@link Browser#login(String, String, String)}. */
    public Page login(String baseUrl, String user, String password) {
        return browser.login(baseUrl, user, password);
    }

    /** See {@link Browser#login(Page, String, String, String)}. */
    public Page login(Page page, String baseUrl, String user, String password) {
        return browser.login(page, baseUrl, user, password);
    }
}
