package io.modelcar.console.storageinitializer;

import java.security.Principal;

import io.modelcar.console.web.ProblemException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The change history of the configuration, newest first, from every path (configuration page, API, toggles,
 * rollbacks, expiries, kill switch), with a restore button locked to the version shown.
 */
@Controller
class HistoryPageController {

    private final StorageInitializerService storage;

    HistoryPageController(StorageInitializerService storage) {
        this.storage = storage;
    }

    @GetMapping("/history")
    String page(Model model) {
        StorageInitializerView current = storage.current();
        model.addAttribute("current", current);
        model.addAttribute("entries", storage.history());
        return "history";
    }

    @PostMapping("/history/{id}/restore")
    String restore(@PathVariable String id, @RequestParam String resourceVersion, Principal principal,
            RedirectAttributes redirect) {
        try {
            StorageInitializerView restored = storage.restore(id, resourceVersion, principal.getName(), false);
            redirect.addFlashAttribute("message", "Restored the version of change " + id + " (now resourceVersion "
                    + restored.resourceVersion() + ").");
        } catch (ProblemException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/history";
    }
}
