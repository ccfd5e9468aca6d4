package io.modelcar.console.security;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API writes a browser sends on behalf of another site (issue 14, point 5): the API has no CSRF token (it is
 * for scripts), and a browser that has cached Basic credentials for the console would attach them to a form or
 * {@code fetch} from any page. Browsers say where a request comes from ({@code Sec-Fetch-Site}, else {@code Origin});
 * a write marked cross-site or from another origin gets a 403 Problem before any credential is checked. Scripts
 * (curl, SDKs) send neither header and are not affected; same-origin pages (Swagger UI) neither.
 */
class CrossSiteApiWrites extends OncePerRequestFilter {

    static final URI CROSS_SITE = io.modelcar.console.web.ProblemTypes.of("cross-site-request");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ProblemResponses problems;

    CrossSiteApiWrites(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && crossSite(request)) {
            problems.write(request, response, HttpStatus.FORBIDDEN, CROSS_SITE,
                    "Cross-site request", "The API does not accept writes sent by a browser from another site.");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !(site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none"));
        }
        String origin = request.getHeader("Origin");
        return origin != null && !origin.equalsIgnoreCase(ownOrigin(request));
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /**
     * A browser (which would show a password dialog for a Basic challenge), not a script: every current browser sends
     * the fetch metadata headers with every request; curl and HTTP libraries do not.
     */
    static boolean fromBrowser(HttpServletRequest request) {
        return request.getHeader("Sec-Fetch-Mode") != null || request.getHeader("Sec-Fetch-Site") != null;
    }
}
