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
        model.addAttribute("maxUploadSize", humanSize(properties.maxUploadSize().toBytes()));
        model.addAttribute("maxUploadBytes", properties.maxUploadSize().toBytes());
        return "images";
    }

    /** 1073741824 -> "1 GB", 2097152 -> "2 MB", 1500 -> "1500 bytes" (binary units, as Spring's DataSize). */
    static String humanSize(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return (long) value + " " + units[unit];
    }
}
