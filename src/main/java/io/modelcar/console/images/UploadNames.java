package io.modelcar.console.images;

import java.nio.file.Path;

/** Turns the file name a browser sent (possibly a relative path from a folder upload) into a safe relative path. */
final class UploadNames {

    private UploadNames() {
    }

    static Path relativePath(String original) {
        if (original == null || original.isBlank()) {
            throw new ModelFiles.InvalidModelException("An uploaded file has no name.");
        }
        String name = original.replace('\\', '/');
        StringBuilder clean = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") || part.chars().anyMatch(c -> c < 0x20)) {
                throw new ModelFiles.InvalidModelException("The file name '" + original + "' is not usable.");
            }
            clean.append(clean.isEmpty() ? "" : "/").append(part);
        }
        if (clean.isEmpty()) {
            throw new ModelFiles.InvalidModelException("The file name '" + original + "' is not usable.");
        }
        return Path.of(clean.toString());
    }
}
