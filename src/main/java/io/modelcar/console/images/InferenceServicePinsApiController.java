package io.modelcar.console.images;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Digest pins for an InferenceService's {@code latest}/untagged OCI storage URIs (REST API and the images page).
 */
@RestController
@Tag(name = "Images")
class InferenceServicePinsApiController {

    private final InferenceServicePins pins;

    InferenceServicePinsApiController(InferenceServicePins pins) {
        this.pins = pins;
    }

    @GetMapping(path = "/api/v1/inferenceservices/{namespace}/{name}/pins",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "Pin an InferenceService's latest/untagged OCI storage URIs to their current digests",
            description = "For each storage URI warned latest-tag or untagged: the digest the tag points to now "
                    + "(asked with the pods' imagePullSecrets, then the ServiceAccount's, where one holds "
                    + "credentials for the registry), the pinned URI and a ready kubectl patch. A registry error "
                    + "(unreachable, 401, 404) is reported in that entry's error, never as a failure of the whole "
                    + "answer.")
    @ApiResponse(responseCode = "200", description = "The pins (an empty list when nothing needs pinning)")
    @ApiResponse(responseCode = "404", description = "No such InferenceService with OCI storage",
            content = @Content(mediaType = "application/problem+json"))
    InferenceServicePins.Pins apiPins(@PathVariable String namespace, @PathVariable String name) {
        return find(namespace, name);
    }

    /** The same for the images page's script (session + CSRF chain, not /api/**). */
    @GetMapping(path = "/images/pins/{namespace}/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.Hidden
    InferenceServicePins.Pins pagePins(@PathVariable String namespace, @PathVariable String name) {
        return find(namespace, name);
    }

    private InferenceServicePins.Pins find(String namespace, String name) {
        return pins.pins(namespace, name).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                ProblemTypes.NOT_FOUND, "InferenceService not found", "There is no InferenceService " + namespace
                        + "/" + name + " with an OCI storage URI."));
    }
}
