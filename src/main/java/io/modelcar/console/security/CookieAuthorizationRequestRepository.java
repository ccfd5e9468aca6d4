package io.modelcar.console.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single sign-on round trip (state, nonce, PKCE verifier) in a sealed cookie for ten minutes, so that the
 * provider's redirect back may land on another replica than the one that sent the user there. Only authorization
 * code requests with text attributes exist here, which is what the console's OIDC login makes.
 */
final class CookieAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "MCC_LOGIN";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SealedCookies cookies;

    CookieAuthorizationRequestRepository(SealedCookies cookies) {
        this.cookies = cookies;
    }

    /** The parts of an authorization request that the redirect back needs. */
    record Stored(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
            Map<String, String> additionalParameters, Map<String, String> attributes,
            String authorizationRequestUri) {
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter("state");
        return stored(request).filter(s -> s.state() != null && s.state().equals(state))
                .map(CookieAuthorizationRequestRepository::request).orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
            HttpServletResponse response) {
        if (authorizationRequest == null) {
            cookies.clear(request, response, COOKIE);
            return;
        }
        Stored stored = new Stored(authorizationRequest.getAuthorizationUri(), authorizationRequest.getClientId(),
                authorizationRequest.getRedirectUri(), authorizationRequest.getScopes(),
                authorizationRequest.getState(), texts(authorizationRequest.getAdditionalParameters()),
                texts(authorizationRequest.getAttributes()), authorizationRequest.getAuthorizationRequestUri());
        cookies.write(request, response, COOKIE, JSON.writeValueAsBytes(stored), LIFETIME);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
            HttpServletResponse response) {
        OAuth2AuthorizationRequest loaded = loadAuthorizationRequest(request);
        if (loaded != null) {
            cookies.clear(request, response, COOKIE);
        }
        return loaded;
    }

    private Optional<Stored> stored(HttpServletRequest request) {
        return cookies.read(request, COOKIE).flatMap(json -> {
            try {
                return Optional.of(JSON.readValue(json, Stored.class));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        });
    }

    private static OAuth2AuthorizationRequest request(Stored s) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(s.authorizationUri())
                .clientId(s.clientId())
                .redirectUri(s.redirectUri())
                .scopes(s.scopes())
                .state(s.state())
                .additionalParameters(Map.copyOf(s.additionalParameters()))
                .attributes(Map.copyOf(s.attributes()))
                .authorizationRequestUri(s.authorizationRequestUri())
                .build();
    }

    private static Map<String, String> texts(Map<String, Object> values) {
        Map<String, String> texts = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                texts.put(key, value.toString());
            }
        });
        return texts;
    }
}
