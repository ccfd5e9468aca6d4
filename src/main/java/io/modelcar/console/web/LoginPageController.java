package io.modelcar.console.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page: local users, and a single sign-on button when an OIDC provider is configured.
 */
@Controller
class LoginPageController {

    private final String oidcLogin;

    LoginPageController(ObjectProvider<ClientRegistrationRepository> clientRegistrations) {
        this.oidcLogin = oidcLoginPath(clientRegistrations.getIfAvailable());
    }

    /** Where the "Sign in with single sign-on" button points, or null when no OIDC provider is configured. */
    static String oidcLoginPath(ClientRegistrationRepository registrations) {
        if (registrations == null) {
            return null;
        }
        String id = "oidc";
        if (registrations instanceof Iterable<?> all) {
            for (Object registration : all) {
                id = ((ClientRegistration) registration).getRegistrationId();
                break;
            }
        }
        return "/oauth2/authorization/" + id;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("oidcLogin", oidcLogin);
        return "login";
    }
}
