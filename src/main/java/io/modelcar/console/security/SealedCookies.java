package io.modelcar.console.security;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.util.StringUtils;

/**
 * Writes and reads browser state in cookies sealed by the {@link CookieKeyRing}: HttpOnly, SameSite=Lax, Secure
 * when the request came over HTTPS (directly or through a trusted proxy), scoped to the console's context path.
 * The cookie's name is the sealed value's purpose, so one cookie's value is worthless in another.
 */
public final class SealedCookies {

    /** Browsers keep cookies up to about 4 KB; larger values are not written. */
    static final int MAX_VALUE_LENGTH = 3800;

    private final CookieKeyRing keys;

    public SealedCookies(CookieKeyRing keys) {
        this.keys = keys;
    }

    /** The opened value of cookie {@code name}, or empty when absent or not sealed by a key of the ring. */
    public Optional<byte[]> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && StringUtils.hasText(cookie.getValue())) {
                Optional<byte[]> opened = keys.open(name, cookie.getValue());
                if (opened.isPresent()) {
                    return opened;
                }
            }
        }
        return Optional.empty();
    }

    public boolean present(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Seals {@code value} into cookie {@code name}, kept by the browser for {@code maxAge} (null: until it closes).
     *
     * @throws IllegalArgumentException when the sealed value is too large for a cookie
     */
    public void write(HttpServletRequest request, HttpServletResponse response, String name, byte[] value,
            Duration maxAge) {
        String sealed = keys.seal(name, value);
        if (sealed.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("Cookie " + name + " would be too large (" + sealed.length() + ")");
        }
        ResponseCookie.ResponseCookieBuilder cookie = base(request, name, sealed);
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
    }

    public void clear(HttpServletRequest request, HttpServletResponse response, String name) {
        response.addHeader(HttpHeaders.SET_COOKIE, base(request, name, "").maxAge(0).build().toString());
    }

    private static ResponseCookie.ResponseCookieBuilder base(HttpServletRequest request, String name, String value) {
        // the application's context path, not the request's: a cluster's pages (/clusters/{cluster}/...) are served
        // under a context path of their own, and the login, CSRF token and flash messages hold for every cluster
        String contextPath = request.getServletContext() == null ? request.getContextPath()
                : request.getServletContext().getContextPath();
        String path = StringUtils.hasLength(contextPath) ? contextPath : "/";
        return ResponseCookie.from(name, value).path(path).httpOnly(true).secure(request.isSecure()).sameSite("Lax");
    }
}
