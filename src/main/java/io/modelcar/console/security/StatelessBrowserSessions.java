package io.modelcar.console.security;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * The browser chain without an HTTP session, so that any replica answers any request: the login
 * ({@link CookieSecurityContextRepository}), the CSRF token (Spring's double-submit cookie, HttpOnly: the pages
 * carry the token in their {@code _csrf} meta tag and form fields), the page to return to after login, the single
 * sign-on round trip and flash attributes all travel in cookies; the sealed ones under the key ring of
 * {@code console.security.session.keys}.
 */
@Configuration(proxyBeanMethods = false)
class StatelessBrowserSessions {

    static final String CSRF_COOKIE = "MCC_CSRF";
    static final String CSRF_HEADER = "X-CSRF-TOKEN";
    private static final Logger log = LoggerFactory.getLogger(StatelessBrowserSessions.class);

    private final SealedCookies cookies;
    private final CookieSecurityContextRepository contexts;

    StatelessBrowserSessions(SessionProperties properties, UserDetailsService localUsers,
            ObjectProvider<ClusterRoles> clusterRoles) {
        CookieKeyRing keys;
        if (properties.keys().isEmpty()) {
            log.warn("No console.security.session.keys: browser logins are sealed with a random key of this process, "
                    + "lost on restart and not shared with other replicas");
            keys = CookieKeyRing.ephemeral();
        } else {
            keys = CookieKeyRing.of(properties.keys());
        }
        this.cookies = new SealedCookies(keys);
        this.contexts = new CookieSecurityContextRepository(cookies, properties, localUsers, Clock.systemUTC(),
                login -> {
                    ClusterRoles roles = clusterRoles.getIfAvailable();
                    return roles == null ? java.util.List.of() : roles.mappedGroups(login);
                });
    }

    /** Replaces Spring MVC's session-backed flash attributes (the bean name is the one DispatcherServlet looks up). */
    @Bean(name = "flashMapManager")
    AbstractFlashMapManager flashMapManager() {
        return new CookieFlashMapManager(cookies);
    }

    /** Puts every piece of browser state of {@code http} into cookies; {@code singleSignOn}: OIDC login is on. */
    HttpSecurity apply(HttpSecurity http, boolean singleSignOn) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName(CSRF_COOKIE);
        // the header the pages (and scripts of the page endpoints) have always sent; the cookie repository's own
        // default would be X-XSRF-TOKEN
        csrfTokens.setHeaderName(CSRF_HEADER);
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        CookieRequestCache requestCache = new CookieRequestCache();
        requestCache.setCookieCustomizer(cookie -> cookie.setAttribute("SameSite", "Lax"));
        http.securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .requestCache(cache -> cache.requestCache(requestCache))
                .logout(logout -> logout.deleteCookies(CookieSecurityContextRepository.COOKIE))
                .addFilterAfter(new RenewLogin(contexts), SecurityContextHolderFilter.class);
        if (singleSignOn) {
            http.oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint
                    .authorizationRequestRepository(new CookieAuthorizationRequestRepository(cookies))));
        }
        return http;
    }

    /**
     * Lets a chain that does not sign anybody in (the OpenAPI document, read by Swagger UI in a signed-in browser) see
     * the browser's login; it never writes the login cookie.
     */
    HttpSecurity readLogin(HttpSecurity http) throws Exception {
        return http.securityContext(context -> context.securityContextRepository(new SecurityContextRepository() {
            @Override
            @SuppressWarnings("deprecation")
            public org.springframework.security.core.context.SecurityContext loadContext(
                    org.springframework.security.web.context.HttpRequestResponseHolder holder) {
                return contexts.loadContext(holder);
            }

            @Override
            public org.springframework.security.core.context.DeferredSecurityContext loadDeferredContext(
                    HttpServletRequest request) {
                return contexts.loadDeferredContext(request);
            }

            @Override
            public void saveContext(org.springframework.security.core.context.SecurityContext context,
                    HttpServletRequest request, HttpServletResponse response) {
                // read only
            }

            @Override
            public boolean containsContext(HttpServletRequest request) {
                return contexts.containsContext(request);
            }
        }));
    }

    /** Slides the login's idle timeout forward while it is used. */
    private static final class RenewLogin extends OncePerRequestFilter {

        private final CookieSecurityContextRepository contexts;

        RenewLogin(CookieSecurityContextRepository contexts) {
            this.contexts = contexts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            contexts.renewIfDue(SecurityContextHolder.getContext().getAuthentication(), request, response);
            chain.doFilter(request, response);
        }
    }
}
