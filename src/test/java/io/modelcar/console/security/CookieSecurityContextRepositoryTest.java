package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.Cookie;

import io.modelcar.console.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The browser's login in a sealed cookie: what it carries, when it lapses, and that it is the only state. */
class CookieSecurityContextRepositoryTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
    final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
            User.withUsername("alice").password("{noop}x").roles("OPERATOR").build());
    final SessionProperties properties = new SessionProperties(List.of(CookieKeyRing.newKey()),
            Duration.ofMinutes(30), Duration.ofHours(12));
    final CookieSecurityContextRepository repository = new CookieSecurityContextRepository(
            new SealedCookies(CookieKeyRing.of(properties.keys())), properties, users, clock);

    Cookie login(Authentication authentication) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        repository.saveContext(new SecurityContextImpl(authentication), request, response);
        assertThat(request.getSession(false)).as("no HTTP session").isNull();
        return response.getCookie(CookieSecurityContextRepository.COOKIE);
    }

    Authentication load(Cookie cookie) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(cookie);
        return repository.loadDeferredContext(request).get().getAuthentication();
    }

    static Authentication local(String name, String role) {
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                AuthorityUtils.createAuthorityList("ROLE_" + role));
    }

    @Test
    void whenALocalUserLogsInThenAnyReplicaWithTheKeysKnowsWhoAndWithWhichRoles() {
        Cookie cookie = login(local("alice", "OPERATOR"));

        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSecure()).isFalse();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(cookie.getValue()).doesNotContain("alice");
        Authentication loaded = load(cookie);
        assertThat(loaded.getName()).isEqualTo("alice");
        assertThat(loaded.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void whenServedOverHttpsThenTheCookieIsSecure() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSecure(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        repository.saveContext(new SecurityContextImpl(local("alice", "OPERATOR")), request, response);

        assertThat(response.getCookie(CookieSecurityContextRepository.COOKIE).getSecure()).isTrue();
    }

    @Test
    void whenALocalUserIsRemovedOrChangedThenTheirLoginFollowsAtOnce() {
        Cookie cookie = login(local("alice", "OPERATOR"));

        users.updateUser(User.withUsername("alice").password("{noop}x").roles("VIEWER").build());
        assertThat(load(cookie).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER");
        users.deleteUser("alice");
        assertThat(load(cookie)).isNull();
    }

    @Test
    void whenASingleSignOnUserLogsInThenTheRolesMappedAtLoginAreKept() {
        var user = new DefaultOAuth2User(AuthorityUtils.createAuthorityList("ROLE_ADMIN"), Map.of("sub", "bob"),
                "sub");
        Cookie cookie = login(new OAuth2AuthenticationToken(user, user.getAuthorities(), "oidc"));

        Authentication loaded = load(cookie);
        assertThat(loaded.getName()).isEqualTo("bob");
        assertThat(loaded.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
    }

    @Test
    void whenASingleSignOnUserLogsInThenTheGroupsAClusterMappingNamesAreKeptThroughRenewalAndALocalUserHasNone() {
        CookieSecurityContextRepository keepingGroups = new CookieSecurityContextRepository(
                new SealedCookies(CookieKeyRing.of(properties.keys())), properties, users, clock,
                login -> List.of("oncall"));
        var user = new DefaultOAuth2User(AuthorityUtils.createAuthorityList("ROLE_VIEWER"), Map.of("sub", "bob"),
                "sub");
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        keepingGroups.saveContext(new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(),
                "oidc")), request, response);
        clock.advance(Duration.ofMinutes(20));
        MockHttpServletRequest later = new MockHttpServletRequest();
        later.setCookies(response.getCookie(CookieSecurityContextRepository.COOKIE));
        MockHttpServletResponse renewal = new MockHttpServletResponse();
        keepingGroups.renewIfDue(keepingGroups.authentication(later).orElseThrow(), later, renewal);
        MockHttpServletRequest afterRenewal = new MockHttpServletRequest();
        afterRenewal.setCookies(renewal.getCookie(CookieSecurityContextRepository.COOKIE));

        var loaded = (CookieSecurityContextRepository.SessionAuthentication) keepingGroups
                .authentication(afterRenewal).orElseThrow();
        assertThat(loaded.claims().groups()).containsExactly("oncall");
        MockHttpServletResponse localLogin = new MockHttpServletResponse();
        keepingGroups.saveContext(new SecurityContextImpl(local("alice", "OPERATOR")), new MockHttpServletRequest(),
                localLogin);
        MockHttpServletRequest localRequest = new MockHttpServletRequest();
        localRequest.setCookies(localLogin.getCookie(CookieSecurityContextRepository.COOKIE));
        assertThat(((CookieSecurityContextRepository.SessionAuthentication) keepingGroups
                .authentication(localRequest).orElseThrow()).claims().groups()).isEmpty();
    }

    @Test
    void whenNotUsedForTheIdleTimeoutThenTheLoginHasLapsedButUseRenewsIt() {
        Cookie cookie = login(local("alice", "OPERATOR"));
        clock.advance(Duration.ofMinutes(20));
        Authentication used = load(cookie);
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        repository.renewIfDue(used, request, response);
        Cookie renewed = response.getCookie(CookieSecurityContextRepository.COOKIE);
        assertThat(renewed).as("renewed after half the idle timeout").isNotNull();

        clock.advance(Duration.ofMinutes(15));
        assertThat(load(cookie)).as("the old cookie lapsed").isNull();
        assertThat(load(renewed)).as("the renewed one did not").isNotNull();
    }

    @Test
    void whenTheMaximumLifetimeIsReachedThenRenewingDoesNotHelp() {
        Instant loginAt = clock.instant();
        Cookie cookie = login(local("alice", "OPERATOR"));
        Instant lastValid = loginAt;
        for (int i = 0; i < 12 * 6 + 6; i++) {
            clock.advance(Duration.ofMinutes(10));
            Authentication used = load(cookie);
            if (used == null) {
                break;
            }
            lastValid = clock.instant();
            MockHttpServletResponse response = new MockHttpServletResponse();
            repository.renewIfDue(used, new MockHttpServletRequest(), response);
            if (response.getCookie(CookieSecurityContextRepository.COOKIE) != null) {
                cookie = response.getCookie(CookieSecurityContextRepository.COOKIE);
            }
        }
        assertThat(lastValid).as("used every 10 minutes it outlives the idle timeout")
                .isAfter(loginAt.plus(Duration.ofHours(11)));
        assertThat(lastValid).isBefore(loginAt.plus(properties.maxLifetime()));
        assertThat(load(cookie)).isNull();
    }

    @Test
    void whenTheCookieIsTamperedOrFromAnotherKeyThenNobodyIsLoggedIn() {
        Cookie cookie = login(local("alice", "OPERATOR"));
        String value = cookie.getValue();
        char last = value.charAt(value.length() - 2);
        Cookie tampered = new Cookie(cookie.getName(), value.substring(0, value.length() - 2)
                + (last == 'A' ? 'B' : 'A') + value.charAt(value.length() - 1));
        CookieSecurityContextRepository otherKeys = new CookieSecurityContextRepository(
                new SealedCookies(CookieKeyRing.ephemeral()), properties, users, clock);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(cookie);

        assertThat(load(tampered)).isNull();
        assertThat(otherKeys.containsContext(request)).isFalse();
    }

    @Test
    void whenLoggedOutThenTheCookieIsCleared() {
        Cookie cookie = login(local("alice", "OPERATOR"));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(cookie);
        MockHttpServletResponse response = new MockHttpServletResponse();

        repository.saveContext(new SecurityContextImpl(), request, response);

        assertThat(response.getCookie(CookieSecurityContextRepository.COOKIE).getMaxAge()).isZero();
    }
}
