package io.modelcar.console.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium per test class: launched before the class's tests, closed after them, and the class skipped
 * (an assumption, reported as skipped) where the machine has no Chromium. Register it as a static field:
 * {@code @RegisterExtension static final ChromiumExtension browser = new ChromiumExtension();}
 */
public final class ChromiumExtension implements BeforeAllCallback, AfterAllCallback {

    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Browser.available(), "Chromium is not installed");
        browser = Browser.launch();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
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
