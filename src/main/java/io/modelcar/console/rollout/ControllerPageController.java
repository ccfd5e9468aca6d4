package io.modelcar.console.rollout;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The {@code /controller} page: the Deployment, its pods old and new, the restart button and the recent restarts.
 * The live progress is fetched by the page module from {@link ControllerPageEndpoints}.
 */
@Controller
class ControllerPageController {

    private final ControllerRestartService restarts;

    ControllerPageController(ControllerRestartService restarts) {
        this.restarts = restarts;
    }

    @GetMapping("/controller")
    String controller(Model model) {
        ControllerState status = restarts.status();
        List<RestartView> recent = restarts.recent();
        model.addAttribute("status", status);
        model.addAttribute("restarts", recent);
        model.addAttribute("running", recent.stream().filter(r -> !r.done()).findFirst().orElse(null));
        model.addAttribute("defaultStrategy", restarts.defaultStrategy());
        model.addAttribute("advice", RestartAdvice.afterStorageInitializerChange(status.installation().version()));
        return "controller";
    }
}
