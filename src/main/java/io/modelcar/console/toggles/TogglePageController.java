package io.modelcar.console.toggles;

import java.security.Principal;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.web.ProblemException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The toggle page: each toggle's state, last change and pending expiry; a flip first shows its impact (the
 * InferenceServices that use oci:// and what happens to them), then asks for the duration and, on staging, the
 * typed name. Read-only on production clusters.
 */
@Controller
class TogglePageController {

    private final ToggleService service;

    TogglePageController(ToggleService service) {
        this.service = service;
    }

    @GetMapping("/toggles")
    String page(@RequestParam(required = false) String preview, @RequestParam(required = false) Boolean enabled,
            @RequestParam(required = false) String ociModelMode, Model model) {
        ToggleService.Toggles toggles = service.toggles();
        model.addAttribute("toggles", toggles);
        model.addAttribute("editable", ToggleGuard.editable(toggles.environment()));
        model.addAttribute("confirmationRequired", ToggleGuard.needsConfirmation(toggles.environment()));
        if (preview != null && ToggleGuard.editable(toggles.environment())) {
            toggles.items().stream().filter(t -> t.name().equals(preview)).findFirst().ifPresent(toggle -> {
                boolean to = enabled != null ? enabled : !toggle.enabled();
                String mode = ociModelMode != null && KServeFacts.OCI_MODEL_MODES.contains(ociModelMode) ? ociModelMode
                        : null;
                model.addAttribute("preview", toggle);
                model.addAttribute("previewEnabled", to);
                model.addAttribute("previewImpact", service.impact(preview, to, mode));
            });
        }
        return "toggles";
    }

    @PostMapping("/toggles/{name}")
    String flip(@PathVariable String name, @RequestParam boolean enabled,
            @RequestParam(required = false) String expiresIn, @RequestParam(required = false) String ociModelMode,
            @RequestParam(required = false) String confirm, @RequestParam String resourceVersion,
            @RequestParam(defaultValue = "false") boolean restart, Principal principal,
            RedirectAttributes redirect) {
        try {
            ToggleService.Flipped flipped = service.flip(name, new ToggleService.Flip(enabled,
                    blankToNull(expiresIn), blankToNull(ociModelMode), confirm, resourceVersion, restart),
                    principal.getName(), "page");
            redirect.addFlashAttribute("message", "Turned " + name + (enabled ? " on" : " off")
                    + (blankToNull(expiresIn) == null ? "." : " for " + expiresIn + "; the console flips it back "
                            + "when that runs out."));
            if (flipped.toggle().restart() != null) {
                redirect.addFlashAttribute("restartStarted", flipped.toggle().restart().id());
            }
            if (flipped.toggle().restartProblem() != null) {
                redirect.addFlashAttribute("error", "The controller was not restarted: "
                        + flipped.toggle().restartProblem());
            }
            return "redirect:/toggles";
        } catch (ProblemException e) {
            // Back to the preview with what the user chose, and the reason beside it.
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("typedConfirm", confirm);
            redirect.addFlashAttribute("chosenExpiresIn", expiresIn);
            redirect.addAttribute("preview", name);
            redirect.addAttribute("enabled", enabled);
            if (blankToNull(ociModelMode) != null) {
                redirect.addAttribute("ociModelMode", ociModelMode);
            }
            return "redirect:/toggles";
        }
    }

    @PostMapping("/toggles/kill-switch")
    String killSwitch(@RequestParam(required = false) String confirm,
            @RequestParam(required = false) String resourceVersion, Principal principal,
            RedirectAttributes redirect) {
        try {
            service.killSwitch(blankToNull(resourceVersion), confirm, principal.getName(), "page");
            redirect.addFlashAttribute("message", "Kill switch: every toggle is off.");
        } catch (ProblemException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("typedKillConfirm", confirm);
        }
        return "redirect:/toggles";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
