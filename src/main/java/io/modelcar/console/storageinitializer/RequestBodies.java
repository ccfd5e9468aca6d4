package io.modelcar.console.storageinitializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads request bodies for the configuration endpoints: the content type is checked first and the size is
 * enforced while reading, so an oversized body is refused after at most the limit plus one byte.
 */
final class RequestBodies {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    private RequestBodies() {
    }

    static void requireContentType(HttpServletRequest request, MediaType expected) {
        String header = request.getContentType();
        try {
            if (header != null && expected.equalsTypeAndSubtype(MediaType.parseMediaType(header))) {
                return;
            }
        } catch (InvalidMediaTypeException e) {
            // fall through to 415
        }
        throw StorageInitializerProblems.unsupportedMediaType(header, expected.toString());
    }

    static String read(HttpServletRequest request, int limit) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw StorageInitializerProblems.payloadTooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw StorageInitializerProblems.payloadTooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
