package io.modelcar.console.images;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** A multipart/form-data body for the JDK HttpClient; file contents are streamed, never held whole. */
final class Multipart {

    private final String boundary = "----modelcar" + UUID.randomUUID().toString().replace("-", "");
    private final List<Supplier<InputStream>> parts = new ArrayList<>();

    Multipart field(String name, String value) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8);
        parts.add(() -> new java.io.ByteArrayInputStream(head));
        return this;
    }

    Multipart file(String name, String fileName, byte[] content) {
        return file(name, fileName, () -> new java.io.ByteArrayInputStream(content));
    }

    /** A file part whose bytes come from the supplier (e.g. a generated stream of any length). */
    Multipart file(String name, String fileName, Supplier<InputStream> content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        parts.add(() -> new java.io.ByteArrayInputStream(head));
        parts.add(content);
        parts.add(() -> new java.io.ByteArrayInputStream("\r\n".getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Streamed (chunked): the server cannot know the size before reading. */
    HttpRequest.BodyPublisher publisher() {
        List<Supplier<InputStream>> all = new ArrayList<>(parts);
        byte[] tail = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        all.add(() -> new java.io.ByteArrayInputStream(tail));
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                all.stream().map(Supplier::get).toList())));
    }

    /** A stream of n zero bytes, generated as it is read. */
    static InputStream zeros(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int count = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + count, (byte) 0);
                left -= count;
                return count;
            }
        };
    }

    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
