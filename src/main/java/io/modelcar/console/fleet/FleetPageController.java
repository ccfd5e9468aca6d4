package io.modelcar.console.fleet;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;

import io.modelcar.console.web.ProblemException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The fleet page ({@code /fleet}): every cluster side by side, the keys that differ, and promotion: the diff first
 * ({@code /fleet/promotions/preview}), then the write with the target's version ({@code /fleet/promotions}).
 */
@Controller
class FleetPageController {

    private final FleetService fleet;
    private final PromotionService promotions;

    FleetPageController(FleetService fleet, PromotionService promotions) {
        this.fleet = fleet;
        this.promotions = promotions;
    }

    @GetMapping("/fleet")
    String page(Model model) {
        model.addAttribute("fleet", fleet.overview());
        return "fleet";
    }

    @PostMapping("/fleet/promotions/preview")
    String preview(@RequestParam(required = false) String source, @RequestParam(required = false) String target,
            @RequestParam(required = false) String keys, @RequestParam(required = false) String toggle,
            Principal user, Model model) {
        promotions.requireChangeSomewhere(); // a viewer everywhere: 403, not the fleet page with an error
        PromotionRequest request = new PromotionRequest(source, target, keys(keys), blankToNull(toggle), null, null,
                true, null, false);
        try {
            model.addAttribute("promotion", promotions.promote(request, user.getName()));
            model.addAttribute("keysText", keys == null ? "" : keys);
            model.addAttribute("toggle", blankToNull(toggle));
            return "fleet-promotion";
        } catch (ProblemException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("fleet", fleet.overview());
            return "fleet";
        }
    }

    @PostMapping("/fleet/promotions")
    String promote(@RequestParam(required = false) String source, @RequestParam(required = false) String target,
            @RequestParam(required = false) String keys, @RequestParam(required = false) String toggle,
            @RequestParam(required = false) String targetResourceVersion,
            @RequestParam(required = false) String sourceResourceVersion,
            @RequestParam(required = false) String confirm, @RequestParam(defaultValue = "false") boolean restart,
            Principal user, Model model, RedirectAttributes redirect) {
        promotions.requireChangeSomewhere();
        PromotionRequest request = new PromotionRequest(source, target, keys(keys), blankToNull(toggle),
                targetResourceVersion, sourceResourceVersion, false, blankToNull(confirm), restart);
        try {
            Promotion done = promotions.promote(request, user.getName());
            redirect.addFlashAttribute("message", "Promoted " + source + "@" + done.sourceResourceVersion() + " to "
                    + target + " (now resourceVersion " + done.resourceVersion() + ", " + done.diff().size()
                    + " key(s) changed)" + (done.restart() != null ? "; controller restart " + done.restart().id()
                    + " started" : "") + (done.restartError() != null ? "; the restart did not start: "
                    + done.restartError() : "") + ".");
            return "redirect:/fleet";
        } catch (ProblemException e) {
            // the diff again, as it is now: a conflict shows what changed meanwhile, nothing typed is lost
            model.addAttribute("error", e.getMessage());
            model.addAttribute("keysText", keys == null ? "" : keys);
            model.addAttribute("toggle", blankToNull(toggle));
            model.addAttribute("restart", restart);
            try {
                model.addAttribute("promotion", promotions.promote(new PromotionRequest(source, target, keys(keys),
                        blankToNull(toggle), null, null, true, null, false), user.getName()));
                return "fleet-promotion";
            } catch (ProblemException again) {
                model.addAttribute("fleet", fleet.overview());
                return "fleet";
            }
        }
    }

    private static List<String> keys(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(k -> !k.isBlank()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
