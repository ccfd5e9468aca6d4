package io.modelcar.console.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Headless Debian Chromium driven by Playwright, one per test class. Playwright's own browser download is not used
 * (no internet): the machine's {@code /usr/bin/chromium} is. Collects console errors and CSP violations so that
 * tests can assert there were none.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-quic")));
    }

    /** Whether this machine has the browser; browser tests are skipped (assumption) where it is absent. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    public static Browser launch() {
        return new Browser();
    }

    /** A fresh page in a fresh context (own cookies), not logged in. */
    public Page newPage() {
        Page page = browser.newContext().newPage();
        page.setDefaultTimeout(10_000);
        page.setDefaultNavigationTimeout(30_000); // a first page of a freshly started app on a busy machine
        return page;
    }

    /**
     * A fresh page whose context ignores the pages' Content-Security-Policy: for injecting test tooling (axe-core)
     * with {@code addScriptTag}, and for proving that output escaping alone stops XSS payloads.
     */
    public Page newPageBypassingCsp() {
        Page page = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setBypassCSP(true))
                .newPage();
        page.setDefaultTimeout(10_000);
        page.setDefaultNavigationTimeout(30_000); // a first page of a freshly started app on a busy machine
        return page;
    }

    /** A fresh page logged in through the login form as the given user. */
    public Page login(String baseUrl, String user, String password) {
        return login(newPage(), baseUrl, user, password);
    }

    /** Logs the given fresh page in through the login form. */
    public Page login(Page page, String baseUrl, String user, String password) {
        page.navigate(baseUrl + "/login");
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(url -> !url.contains("/login"));
        return page;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
