package io.modelcar.console.storageinitializer;

import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the storage-initializer configuration (api.md): read with an ETag, replace with If-Match, merge-patch,
 * dry runs, history and restore. Bodies are read here (content type, then size while reading, then JSON) so that
 * every refusal is a Problem and nothing is written.
 */
@RestController
@RequestMapping("/api/v1/storage-initializer")
@Tag(name = "Storage initializer", description = "KServe's storageInitializer configuration "
        + "(inferenceservice-config), validated for the detected KServe version and locked to its resourceVersion")
class StorageInitializerApiController {

    private final StorageInitializerService service;
    private final StorageInitializerProperties properties;

    StorageInitializerApiController(StorageInitializerService service, StorageInitializerProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read the configuration", description = "The ETag header is the ConfigMap's "
            + "resourceVersion; send it back in If-Match to change the configuration.")
    @ApiResponse(responseCode = "200", description = "The configuration, its problems and its owner")
    @ApiResponse(responseCode = "404", description = "ConfigMap or key missing",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<StorageInitializerView> get() {
        StorageInitializerView view = service.current();
        return ResponseEntity.ok().eTag(view.etag()).body(view);
    }

    @PutMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace the configuration", description = "The body is the whole storageInitializer "
            + "object. Requires If-Match. Nothing is written when the result equals the stored value.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                    example = "{\"image\": \"kserve/storage-initializer:v0.20.0\", \"memoryRequest\": \"100Mi\", "
                            + "\"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", "
                            + "\"enableModelcar\": true, \"uidModelcar\": 1010}")))
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true,
            description = "The ETag of GET, e.g. \"1234\"")
    @ApiResponse(responseCode = "200", description = "Written (or unchanged); the new ETag")
    @ApiResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "412", description = "Stale If-Match; carries currentResourceVersion",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "Body over 64 KiB", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Not application/json", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "KServe would reject it; errors: [{field, message}]",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<StorageInitializerView> put(HttpServletRequest request, Principal principal,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Parameter(description = "Validate and show what would be stored; write nothing")
            @RequestParam(defaultValue = "false") boolean dryRun) {
        String actor = principal.getName();
        String action = "storage-initializer.replace";
        String body = readBody(request, MediaType.APPLICATION_JSON, actor, action, ifMatch);
        String expected = StorageInitializerView.resourceVersionIn(ifMatch);
        if (expected == null) {
            service.refused(actor, action, null, "If-Match missing");
            throw StorageInitializerProblems.preconditionRequired();
        }
        ConfigJson.Parsed parsed = parseBody(body, actor, action, expected);
        return answer(service.apply(ChangeRequest.replace(expected, parsed.value(), actor, "api", dryRun)));
    }

    @PatchMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Merge-patch the configuration", description = "RFC 7396 over the stored object; null "
            + "removes a key, unknown keys and key order are kept. With If-Match: 412 when stale. Without: applied "
            + "to the current version, retried a few times on a conflict.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/merge-patch+json", schema = @Schema(type = "object",
                    example = "{\"enableModelcar\": true, \"uidModelcar\": null}")))
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, description = "Optional ETag of GET")
    @ApiResponse(responseCode = "200", description = "Written (or unchanged); the new ETag")
    @ApiResponse(responseCode = "409", description = "The stored value is not JSON: use PUT",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "412", description = "Stale If-Match", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "KServe would reject the result",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<StorageInitializerView> patch(HttpServletRequest request, Principal principal,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        String actor = principal.getName();
        String action = "storage-initializer.patch";
        String body = readBody(request, RequestBodies.MERGE_PATCH, actor, action, ifMatch);
        String expected = StorageInitializerView.resourceVersionIn(ifMatch);
        ConfigJson.Parsed parsed = parseBody(body, actor, action, expected);
        return answer(service.apply(ChangeRequest.mergePatch(expected, parsed.value(), actor, "api", dryRun)));
    }

    @GetMapping(path = "/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Past changes, newest first", description = "Kept in the cluster (a ConfigMap next to "
            + "inferenceservice-config), bounded to the most recent changes.")
    List<HistoryEntry> history() {
        return service.history();
    }

    @PostMapping(path = "/history/{id}/restore", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Put the value of a past change back", description = "Same checks as PUT; itself "
            + "recorded in the history. Requires If-Match.")
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true)
    @ApiResponse(responseCode = "200", description = "Restored")
    @ApiResponse(responseCode = "404", description = "No such entry", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "412", description = "Stale If-Match", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<StorageInitializerView> restore(@PathVariable String id, Principal principal,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        String expected = StorageInitializerView.resourceVersionIn(ifMatch);
        if (expected == null) {
            service.refused(principal.getName(), "storage-initializer.restore", null, "If-Match missing");
            throw StorageInitializerProblems.preconditionRequired();
        }
        return answer(service.restore(id, expected, principal.getName(), dryRun));
    }

    private String readBody(HttpServletRequest request, MediaType expected, String actor, String action,
            String ifMatch) {
        try {
            RequestBodies.requireContentType(request, expected);
            return RequestBodies.read(request, properties.maxBodyBytes());
        } catch (RuntimeException e) {
            service.refused(actor, action, StorageInitializerView.resourceVersionIn(ifMatch), e.getMessage());
            throw e;
        }
    }

    /**
     * The body as a JSON object: malformed JSON is a 400; any other JSON value ({@code null}, an array, a string, a
     * number) a 422, before the version is compared (the OpenAPI schema and api.md say "the storageInitializer
     * object"; found by ApiFuzzTest: a stale If-Match answered 412 for {@code null}, a current one let it through).
     * A merge patch that is not an object would replace the whole value (RFC 7396): use PUT for that.
     */
    private ConfigJson.Parsed parseBody(String body, String actor, String action, String expected) {
        ConfigJson.Parsed parsed = ConfigJson.parse(body);
        if (!parsed.ok()) {
            service.refused(actor, action, expected, "malformed JSON at line " + parsed.error().line() + ", column "
                    + parsed.error().column());
            throw StorageInitializerProblems.malformedJson(parsed.error());
        }
        if (!parsed.value().isObject()) {
            service.refused(actor, action, expected, "the body is not a JSON object");
            throw new InvalidStorageInitializerConfig(List.of(FieldProblem.error("", "The body must be a JSON "
                    + "object ({...}): the whole storageInitializer for PUT, the keys to change for PATCH.")));
        }
        return parsed;
    }

    private static ResponseEntity<StorageInitializerView> answer(StorageInitializerView view) {
        return ResponseEntity.ok().eTag(view.etag()).body(view);
    }
}
