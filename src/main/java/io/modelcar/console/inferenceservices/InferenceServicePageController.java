package io.modelcar.console.inferenceservices;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.modelcar.console.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The InferenceService list (filters, paging, live updates) and detail pages. The list's live updates poll
 * {@code /inferenceservices/rows}, a page endpoint of the browser session: {@code /api/**} is for automation only.
 */
@Controller
class InferenceServicePageController {

    private final InferenceServiceInventory inventory;
    private final InventoryProperties properties;

    InferenceServicePageController(InferenceServiceInventory inventory, InventoryProperties properties) {
        this.inventory = inventory;
        this.properties = properties;
    }

    @GetMapping("/inferenceservices")
    String list(@RequestParam(required = false) String namespace, @RequestParam(required = false) String q,
            @RequestParam(required = false) String oci, @RequestParam(required = false) String warning,
            @RequestParam(required = false) String verdict,
            @RequestParam(name = "continue", required = false) String cursor, Model model) {
        Filters filters = new Filters(namespace, q, oci, warning, verdict);
        model.addAttribute("filters", filters);
        model.addAttribute("namespaces", namespaces());
        model.addAttribute("warningCodes", List.of(Warning.LATEST_TAG, Warning.UNTAGGED, Warning.INVALID_REFERENCE,
                Warning.UPPERCASE, Warning.MODELCAR_DISABLED, Warning.IMAGE_PULL_ERROR, Warning.UNSUPPORTED_SCHEME,
                Warning.MODELCAR_NOT_INJECTED));
        model.addAttribute("verdicts", Verdicts.ALL);
        try {
            InventoryPage page = inventory.query(InventoryRequests.query(namespace, q, oci, warning, verdict, null,
                    cursor, properties));
            model.addAttribute("result", page);
            model.addAttribute("nextCursor", InventoryRequests.encode(page.next()));
        } catch (ProblemException e) {
            model.addAttribute("filterError", e.getMessage());
            model.addAttribute("result", new InventoryPage(List.of(), List.of(), null, 0, inventory.revision()));
        }
        model.addAttribute("state", inventory.state());
        return "inferenceservices/list";
    }

    /** The current page as JSON for the list page's live updates (same items as the API). */
    @GetMapping("/inferenceservices/rows")
    @ResponseBody
    ResponseEntity<Map<String, Object>> rows(@RequestParam(required = false) String namespace,
            @RequestParam(required = false) String q, @RequestParam(required = false) String oci,
            @RequestParam(required = false) String warning, @RequestParam(required = false) String verdict,
            @RequestParam(name = "continue", required = false) String cursor) {
        InventoryPage page;
        try {
            page = inventory.query(InventoryRequests.query(namespace, q, oci, warning, verdict, null, cursor,
                    properties));
        } catch (ProblemException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        InventoryState state = inventory.state();
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("revision", page.revision());
        body.put("total", page.total());
        body.put("continue", InventoryRequests.encode(page.next()));
        body.put("synced", state.synced());
        body.put("stale", state.stale());
        body.put("asOf", state.asOf() == null ? null : state.asOf().toString());
        body.put("items", page.items());
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
    }

    @GetMapping("/inferenceservices/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        InferenceServiceSummary isvc = inventory.get(namespace, name);
        model.addAttribute("namespace", namespace);
        model.addAttribute("name", name);
        model.addAttribute("isvc", isvc);
        model.addAttribute("state", inventory.state());
        if (isvc == null) {
            // while the first full list is arriving, its absence proves nothing: the page says so (syncing banner)
            response.setStatus(inventory.state().synced() ? HttpStatus.NOT_FOUND.value()
                    : HttpStatus.SERVICE_UNAVAILABLE.value());
            if (!inventory.state().synced()) {
                response.setHeader("Retry-After", "5");
            }
        }
        return "inferenceservices/detail";
    }

    private List<String> namespaces() {
        TreeSet<String> names = new TreeSet<>();
        inventory.overviewCounts().forEach((key, count) -> {
            if (key.startsWith("ns:") && count > 0) {
                names.add(key.substring(3));
            }
        });
        return List.copyOf(names);
    }

    /** The filters as the user set them, echoed back into the form. */
    record Filters(String namespace, String q, String oci, String warning, String verdict) {
    }
}
