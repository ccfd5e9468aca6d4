package io.modelcar.console.images;

import java.net.URI;
import java.util.List;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the images page's script calls with the browser session and CSRF header (the browser cannot use
 * {@code /api/**}, which is HTTP Basic only). Same services, same Problem Details as the REST API.
 */
@RestController
@Hidden
class ImagesPageEndpoints {

    private final ImageBuilds builds;
    private final TagPins pins;

    ImagesPageEndpoints(ImageBuilds builds, TagPins pins) {
        this.builds = builds;
        this.pins = pins;
    }

    @PostMapping(path = "/images/builds", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImageBuild> build(@RequestPart(name = "files", required = false) List<MultipartFile> files,
            @RequestParam(name = "modelPath", required = false) String modelPath,
            @RequestParam("repository") String repository, @RequestParam("tag") String tag,
            @RequestParam(name = "registry", required = false) String registry,
            @RequestParam(name = "pullSecretNamespace", required = false) String pullSecretNamespace,
            @RequestParam(name = "pullSecretName", required = false) String pullSecretName) {
        ImageBuilds.BuildRequest request = new ImageBuilds.BuildRequest(registry, repository, tag,
                ImagesApiController.secret(pullSecretNamespace, pullSecretName), modelPath);
        boolean uploaded = files != null && files.stream().anyMatch(f -> !f.isEmpty());
        ImageBuild build = uploaded ? builds.fromUpload(request, files) : builds.fromDirectory(request);
        return ResponseEntity.accepted().location(URI.create("/images/builds/" + build.id())).body(build);
    }

    @GetMapping(path = "/images/builds/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ImageBuild get(@PathVariable String id) {
        return builds.find(id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Build not found", "There is no build " + id + "."));
    }

    @PostMapping(path = "/images/resolve", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    TagPins.Resolution resolve(@RequestBody TagPins.ResolveRequest body) {
        return pins.resolve(body);
    }
}
