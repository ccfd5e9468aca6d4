package io.modelcar.console.security;

import io.modelcar.console.web.ProblemTypes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * How automation authenticates, on {@code /api/**} and on the OpenAPI document alike: HTTP Basic for local users,
 * and bearer tokens (JWT) when an issuer is configured; a missing or refused credential is a Problem, never a
 * redirect. One place, so that the two chains cannot drift apart.
 */
@Component
class ApiCredentials {

    static final java.net.URI LOGIN_THROTTLED = ProblemTypes.of("login-throttled");

    private final ProblemResponses problems;
    private final ConsoleSecurityProperties properties;
    private final JwtDecoder jwtDecoder;

    ApiCredentials(ProblemResponses problems, ConsoleSecurityProperties properties,
            ObjectProvider<JwtDecoder> jwtDecoder) {
        this.problems = problems;
        this.properties = properties;
        this.jwtDecoder = jwtDecoder.getIfAvailable();
    }

    /** Basic (and bearer tokens when configured) through {@code authenticationManager}, with the API's Problems. */
    HttpSecurity apply(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        AuthenticationEntryPoint entryPoint = entryPoint(jwtDecoder != null);
        http.authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied()))
                .requestCache(cache -> cache.disable());
        if (jwtDecoder != null) {
            // its own manager: the chain's manager only knows local users
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
            jwtProvider.setJwtAuthenticationConverter(OidcConfiguration.jwtAuthentication(properties.oidc()));
            http.oauth2ResourceServer(rs -> rs
                    .jwt(jwt -> jwt.authenticationManager(new ProviderManager(jwtProvider)))
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(accessDenied()));
        }
        return http;
    }

    /**
     * 401 as a Problem with a challenge for every scheme the API accepts; never a redirect. Browsers get no Basic
     * challenge (it would make them ask for, and then cache and send, credentials for any site's requests; issue 14,
     * point 5), but a challenge of a scheme they do not prompt for. A locked-out sign-in is a 429 with
     * {@code Retry-After}.
     */
    AuthenticationEntryPoint entryPoint(boolean bearer) {
        return (request, response, ex) -> {
            if (ex instanceof LoginThrottledException throttled) {
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, LOGIN_THROTTLED,
                        "Too many failed sign-ins", "Too many failed sign-ins for this user or from this address; "
                                + "try again after " + throttled.retryAfterSeconds() + " s.");
                return;
            }
            response.setHeader("WWW-Authenticate", CrossSiteApiWrites.fromBrowser(request)
                    ? "Console realm=\"modelcar-console\"" : "Basic realm=\"modelcar-console\"");
            if (bearer) {
                response.addHeader("WWW-Authenticate", "Bearer realm=\"modelcar-console\"");
            }
            problems.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                    "Authentication is required: use HTTP Basic or a bearer token.");
        };
    }

    AccessDeniedHandler accessDenied() {
        return (request, response, ex) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN, "Forbidden", "Your role does not allow this request.");
    }
}
