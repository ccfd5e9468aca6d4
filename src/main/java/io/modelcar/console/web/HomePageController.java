package io.modelcar.console.web;

import io.modelcar.console.kubernetes.KServeDiscovery;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview page and the login page.
 */
@Controller
class HomePageController {

    private final KServeDiscovery discovery;

    HomePageController(KServeDiscovery discovery) {
        this.discovery = discovery;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("kserve", discovery.installation());
        return "index";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
