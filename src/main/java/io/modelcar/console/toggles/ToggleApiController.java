package io.modelcar.console.toggles;

import java.security.Principal;
import java.util.List;

import io.modelcar.console.storageinitializer.StorageInitializerView;
import io.modelcar.console.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the feature toggles (api.md): list with impact, flip (optionally for a while), kill switch. Flips
 * are written through the storage-initializer configuration's locked path, so they share its ETag.
 */
@RestController
@RequestMapping("/api/v1/toggles")
@Tag(name = "Feature toggles", description = "enableModelcar and (KServe >= 0.20) enableOciModelSupport/"
        + "ociModelMode, flipped in one call on test clusters; read-only on production")
class ToggleApiController {

    private final ToggleService service;

    ToggleApiController(ToggleService service) {
        this.service = service;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The toggles", description = "Each with its state, last change, pending expiry and the "
            + "impact of flipping it now. The ETag is the configuration's resourceVersion.")
    ResponseEntity<List<ToggleView>> list() {
        ToggleService.Toggles toggles = service.toggles();
        return ResponseEntity.ok().eTag(toggles.etag()).body(toggles.items());
    }

    @GetMapping(path = "/{name}/impact", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What a flip would do", description = "The InferenceServices that use oci:// and what "
            + "happens to their next pods.")
    ToggleImpact impact(@PathVariable String name, @RequestParam boolean enabled,
            @RequestParam(required = false) String ociModelMode) {
        return service.impact(name, enabled, ociModelMode);
    }

    /**
     * @param enabled      the state wanted
     * @param expiresIn    ISO-8601 duration after which the console flips it back (e.g. PT4H)
     * @param ociModelMode modelcar, native or fetch (oci-model-support only)
     * @param confirm      the toggle's name, typed (required on staging clusters)
     * @param restart      true: also restart the KServe controller after the flip ("flip and restart"); the
     *                     answer then carries {@code restart} (the restart record) or {@code restartProblem}
     */
    record FlipBody(@JsonDeserialize(using = StrictJson.Flag.class) Boolean enabled,
            @JsonDeserialize(using = StrictJson.Text.class) String expiresIn,
            @JsonDeserialize(using = StrictJson.Text.class) String ociModelMode,
            @JsonDeserialize(using = StrictJson.Text.class) String confirm,
            @JsonDeserialize(using = StrictJson.Flag.class) Boolean restart) {
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Flip a toggle", description = "Requires If-Match (the ETag of GET). On staging clusters "
            + "\"confirm\" must be the toggle's name; production clusters answer 409 (environment-protected): use "
            + "PUT /api/v1/storage-initializer there.")
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true)
    @ApiResponse(responseCode = "200", description = "Flipped (or already so); the toggle and the new ETag")
    @ApiResponse(responseCode = "409", description = "Production cluster", content = @Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "412", description = "Stale If-Match", content = @Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Confirmation missing (staging) or KServe would reject it",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "428", description = "If-Match missing", content = @Content(
            mediaType = "application/problem+json"))
    ResponseEntity<ToggleView> flip(@PathVariable String name, @RequestBody FlipBody body, Principal principal,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (body == null || body.enabled() == null) {
            throw ToggleProblems.invalid("The body needs \"enabled\": true or false.");
        }
        ToggleService.Flipped flipped = service.flip(name, new ToggleService.Flip(body.enabled(), body.expiresIn(),
                body.ociModelMode(), body.confirm(), StorageInitializerView.resourceVersionIn(ifMatch),
                Boolean.TRUE.equals(body.restart())),
                principal.getName(), "api");
        return ResponseEntity.ok().eTag(flipped.toggles().etag()).body(flipped.toggle());
    }

    /** @param confirm {@code kill-switch}, typed (required on staging clusters) */
    record KillSwitchBody(@JsonDeserialize(using = StrictJson.Text.class) String confirm) {
    }

    @PostMapping(path = "/kill-switch", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Turn every toggle off at once", description = "One write; drops pending expiries. "
            + "If-Match optional (without it the current version is used, retried on a conflict).")
    @ApiResponse(responseCode = "200", description = "Every toggle off; the toggles and the new ETag")
    @ApiResponse(responseCode = "409", description = "Production cluster", content = @Content(
            mediaType = "application/problem+json"))
    ResponseEntity<List<ToggleView>> killSwitch(@RequestBody(required = false) KillSwitchBody body,
            Principal principal,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        ToggleService.Toggles toggles = service.killSwitch(StorageInitializerView.resourceVersionIn(ifMatch),
                body == null ? null : body.confirm(), principal.getName(), "api");
        return ResponseEntity.ok().eTag(toggles.etag()).body(toggles.items());
    }
}
