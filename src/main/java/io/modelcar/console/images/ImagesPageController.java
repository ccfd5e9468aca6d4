package io.modelcar.console.images;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The images page: a build form (upload or model path) with progress, and a resolve form.
 */
@Controller
class ImagesPageController {

    private final ImagesProperties properties;

    ImagesPageController(ImagesProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/images")
    String images(Model model) {
        model.addAttribute("registryHost", properties.registry().configured() ? properties.registry().host() : null);
        model.addAttribute("modelRoots", properties.modelRoots().stream().map(Object::toString).toList());
        model.addAttribute("maxUploadSize", properties.maxUploadSize().toString());
        model.addAttribute("maxUploadBytes", properties.maxUploadSize().toBytes());
        return "images";
    }
}
