package io.modelcar.console.images;

import java.net.URI;
import java.util.List;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * REST API of modelcar image builds (202 + status resource) and tag-to-digest resolution.
 */
@RestController
@RequestMapping(path = "/api/v1/images", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Images", description = "Build modelcar images without Docker; pin tags to digests")
class ImagesApiController {

    static final String BUILDS = "/api/v1/images/builds";

    private final ImageBuilds builds;
    private final TagPins pins;

    ImagesApiController(ImageBuilds builds, TagPins pins) {
        this.builds = builds;
        this.pins = pins;
    }

    /** A build from a directory on the console's file system (under console.images.model-roots). */
    record DirectoryBuild(
            @Schema(description = "Model directory on the console, under a configured model root",
                    example = "/srv/models/iris") String modelPath,
            @Schema(description = "Registry host[:port]; default: console.images.registry.url",
                    example = "registry.example.com") String registry,
            @Schema(description = "Repository", example = "models/iris") String repository,
            @Schema(description = "Tag", example = "1.0") String tag,
            @Schema(description = "A kubernetes.io/dockerconfigjson Secret with credentials for the registry")
            PullSecrets.SecretRef pullSecret) {
    }

    @PostMapping(path = "/builds", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Build and push a modelcar image from a model directory on the console",
            description = "Checks the name, the model and the registry credentials at once, then builds in the "
                    + "background: 202 with Location of the build's status resource.")
    @ApiResponse(responseCode = "202", description = "Accepted; follow Location",
            headers = @Header(name = "Location", description = "/api/v1/images/builds/{id}"))
    @ApiResponse(responseCode = "400", description = "Invalid image name", content = @Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "Model path outside the configured roots (or none configured)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Model directory empty or holds symlinks; pull secret unusable",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "502", description = "Registry unreachable or refused the credentials",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ImageBuild> buildFromDirectory(@RequestBody DirectoryBuild body) {
        ImageBuild build = builds.fromDirectory(new ImageBuilds.BuildRequest(body.registry(), body.repository(),
                body.tag(), body.pullSecret(), body.modelPath()));
        return accepted(build);
    }

    @PostMapping(path = "/builds", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Build and push a modelcar image from uploaded model files",
            description = "Multipart parts named 'files' (the part's file name may be a relative path such as "
                    + "'tokenizer/vocab.txt'); the upload is limited by console.images.max-upload-size (413).")
    @ApiResponse(responseCode = "202", description = "Accepted; follow Location",
            headers = @Header(name = "Location", description = "/api/v1/images/builds/{id}"))
    @ApiResponse(responseCode = "413", description = "Upload over console.images.max-upload-size",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "502", description = "Registry unreachable or refused the credentials",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ImageBuild> buildFromUpload(@RequestPart("files") List<MultipartFile> files,
            @RequestParam("repository") String repository, @RequestParam("tag") String tag,
            @RequestParam(name = "registry", required = false) String registry,
            @Parameter(description = "Namespace of a dockerconfigjson pull secret")
            @RequestParam(name = "pullSecretNamespace", required = false) String pullSecretNamespace,
            @RequestParam(name = "pullSecretName", required = false) String pullSecretName) {
        ImageBuild build = builds.fromUpload(new ImageBuilds.BuildRequest(registry, repository, tag,
                secret(pullSecretNamespace, pullSecretName), null), files);
        return accepted(build);
    }

    @GetMapping("/builds")
    @Operation(summary = "Recent builds, newest first")
    List<ImageBuild> list() {
        return builds.list();
    }

    @GetMapping("/builds/{id}")
    @Operation(summary = "A build's status: state, progress, steps, and at the end the oci:// URI with digest")
    @ApiResponse(responseCode = "200", description = "The build's status")
    @ApiResponse(responseCode = "404", description = "No such build (or forgotten)",
            content = @Content(mediaType = "application/problem+json"))
    ImageBuild get(@PathVariable String id) {
        return builds.find(id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Build not found", "There is no build " + id + "."));
    }

    @PostMapping(path = "/resolve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Resolve a tag to the digest it points to now, with the pinned oci:// URI",
            description = "Asks the registry (OCI distribution API) with the configured credentials for the "
                    + "configured registry, or the named pull secret's. With inferenceService {namespace, name, "
                    + "path} the answer carries a ready kubectl patch command.")
    @ApiResponse(responseCode = "200", description = "Resolved: digest and pinned URI")
    @ApiResponse(responseCode = "400", description = "Invalid reference", content = @Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "The registry has no such tag", content = @Content(
            mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "502", description = "Registry unreachable, refused the credentials, or failed",
            content = @Content(mediaType = "application/problem+json"))
    TagPins.Resolution resolve(@RequestBody TagPins.ResolveRequest body) {
        return pins.resolve(body);
    }

    static PullSecrets.SecretRef secret(String namespace, String name) {
        return name == null || name.isBlank() ? null : new PullSecrets.SecretRef(
                namespace == null ? null : namespace.strip(), name.strip());
    }

    private static ResponseEntity<ImageBuild> accepted(ImageBuild build) {
        return ResponseEntity.accepted().location(URI.create(BUILDS + "/" + build.id())).body(build);
    }
}
