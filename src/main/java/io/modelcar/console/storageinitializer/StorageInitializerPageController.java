package io.modelcar.console.storageinitializer;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.rollout.RestartAdvice;
import io.modelcar.console.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The configuration page: a typed form and a raw JSON view of {@code storageInitializer}, with preview, save and the
 * conflict flow. Its JSON endpoints live under {@code /configuration} (session, CSRF), never under {@code /api}.
 */
@Controller
@RequestMapping("/configuration")
class StorageInitializerPageController {

    private final StorageInitializerService service;
    private final KServeDiscovery discovery;
    private final StorageInitializerProperties properties;

    StorageInitializerPageController(StorageInitializerService service, KServeDiscovery discovery,
            StorageInitializerProperties properties) {
        this.service = service;
        this.discovery = discovery;
        this.properties = properties;
    }

    /** What the page edits: the stored value (or the content the user typed) and the version it is based on. */
    record Edit(String resourceVersion, JsonNode config, String raw) {
    }

    /** The form's description of one key. */
    record FormKey(String name, String type, String help, List<String> options) {
    }

    @GetMapping
    String page(Model model) {
        KServeInstallation installation = discovery.installation();
        model.addAttribute("kserve", installation);
        model.addAttribute("keys", formKeys(installation));
        model.addAttribute("restartAdvice", RestartAdvice.afterStorageInitializerChange(installation.version()));
        try {
            model.addAttribute("view", service.current());
        } catch (ProblemException e) {
            model.addAttribute("missing", e.getMessage());
        }
        return "configuration";
    }

    /** What the page's script reloads: the stored configuration and the form's keys. */
    record State(StorageInitializerView view, List<FormKey> keys) {
    }

    @GetMapping(path = "/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    State state() {
        return new State(service.current(), formKeys(discovery.installation()));
    }

    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    StorageInitializerView preview(HttpServletRequest request, Principal principal) {
        Edit edit = edit(request);
        return service.apply(ChangeRequest.replace(requireVersion(edit), content(edit, principal), principal.getName(),
                "page", true));
    }

    @PostMapping(path = "/save", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    StorageInitializerView save(HttpServletRequest request, Principal principal) {
        Edit edit = edit(request);
        return service.apply(ChangeRequest.replace(requireVersion(edit), content(edit, principal), principal.getName(),
                "page", false));
    }

    /**
     * The page shows these next to the fields (the same Problem as the API's, as JSON for the page's script); a stale
     * version answers 409 with the cluster's current state.
     */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail problem = e.toProblemDetail();
        if (e instanceof StaleResourceVersion) {
            problem.setStatus(HttpStatus.CONFLICT);
            problem.setProperty("conflict", true);
            problem.setProperty("current", service.current());
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_JSON).body(problem);
    }

    /** The page's body, read within {@code max-body-bytes} as the API's bodies are: a larger one is a 413. */
    private Edit edit(HttpServletRequest request) {
        ConfigJson.Parsed parsed = ConfigJson.parse(RequestBodies.read(request, properties.maxBodyBytes()));
        if (!parsed.ok()) {
            throw StorageInitializerProblems.malformedJson(parsed.error());
        }
        try {
            return ConfigJson.MAPPER.treeToValue(parsed.value(), Edit.class);
        } catch (JacksonException e) {
            throw StorageInitializerProblems.malformedJson(new ConfigJson.ParseError(
                    "expected an object with resourceVersion and config or raw", 1, 1));
        }
    }

    private static String requireVersion(Edit edit) {
        if (edit.resourceVersion() == null || edit.resourceVersion().isBlank()) {
            throw StorageInitializerProblems.preconditionRequired();
        }
        return edit.resourceVersion();
    }

    /** The raw text when the user edited it (parse errors come back with line and column), else the form's object. */
    private JsonNode content(Edit edit, Principal principal) {
        if (edit.raw() != null) {
            ConfigJson.Parsed parsed = ConfigJson.parse(edit.raw());
            if (!parsed.ok()) {
                service.refused(principal.getName(), "storage-initializer.replace", edit.resourceVersion(), "page",
                        "source page; malformed JSON at line " + parsed.error().line() + ", column "
                                + parsed.error().column());
                throw StorageInitializerProblems.malformedJson(parsed.error());
            }
            return parsed.value();
        }
        if (edit.config() == null) {
            throw StorageInitializerProblems.malformedJson(new ConfigJson.ParseError("No configuration sent", 1, 1));
        }
        return edit.config();
    }

    static List<FormKey> formKeys(KServeInstallation installation) {
        return ConfigKey.readBy(installation.version(), false).stream()
                .map(k -> new FormKey(k.name(), k.type().name().toLowerCase(), k.help(),
                        k.type() == ConfigKey.Type.OCI_MODEL_MODE ? KServeFacts.OCI_MODEL_MODES : null))
                .toList();
    }
}
