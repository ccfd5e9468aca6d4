package io.modelcar.console.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP client for end-to-end tests: HTTP Basic for the API as automation does, or a browser-like session
 * with form login and CSRF token for pages.
 */
public final class ConsoleHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http;
    private final String basic;
    private String csrf;

    private ConsoleHttp(String baseUrl, String basic, boolean cookies) {
        this.baseUrl = baseUrl;
        this.basic = basic;
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        if (cookies) {
            builder.cookieHandler(new CookieManager());
        }
        this.http = builder.build();
    }

    /** Calls with HTTP Basic credentials, no cookies (automation). */
    public static ConsoleHttp basic(String baseUrl, String user, String password) {
        return new ConsoleHttp(baseUrl, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), false);
    }

    /** No credentials at all. */
    public static ConsoleHttp anonymous(String baseUrl) {
        return new ConsoleHttp(baseUrl, null, true);
    }

    /** A browser-like session logged in through the login form. */
    public static ConsoleHttp browser(String baseUrl, String user, String password) {
        ConsoleHttp session = new ConsoleHttp(baseUrl, null, true);
        session.login(user, password);
        return session;
    }

    private void login(String user, String password) {
        HttpResponse<String> page = get("/login");
        String token = csrfFrom(page.body());
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password + "&_csrf="
                        + token)).build());
        if (response.statusCode() != 302 || response.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("Login failed for " + user + ": " + response.statusCode());
        }
        csrf = csrfFrom(get("/").body());
    }

    /** The CSRF token of the logged-in session (from the page's meta tag). */
    public String csrfToken() {
        return csrf;
    }

    public static String csrfFrom(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            m = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"").matcher(html);
            if (!m.find()) {
                throw new IllegalStateException("No CSRF token in page");
            }
        }
        return m.group(1);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body,
            String... headers) {
        HttpRequest.Builder builder = request(path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Accept",
                "application/json, application/problem+json, text/html");
        if (basic != null) {
            builder.header("Authorization", basic);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
