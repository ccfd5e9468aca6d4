package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14, point 3: no byte of an upload reaches the disk before the caller is authenticated and authorised. The
 * client sends a 5 MB file part and holds back the end of the body, so that a container that parses the body for a
 * filter (CSRF, login) blocks with the part spooled; the test counts the files under the work directory (where the
 * multipart spool lives) until the refusal arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class UploadSpoolTest extends MockClusterTest {

    static final Path WORK = createWorkDir();
    static final String BOUNDARY = "spool-test-boundary";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void workDir(DynamicPropertyRegistry registry) {
        registry.add("console.images.work-dir", WORK::toString);
    }

    record Refusal(String statusLine, int mostFilesSeen) {
    }

    @Test
    void whenAnAnonymousClientUploadsToThePageWithoutACsrfTokenThenItIsRefusedWithNothingOnDisk() {
        Refusal refusal = uploadAndHold("/images/builds", "");

        assertThat(refusal.mostFilesSeen()).as("files spooled before the refusal").isZero();
        assertThat(refusal.statusLine()).as("refused without reading the body").matches("HTTP/1\\.1 40[13] .*");
    }

    @Test
    void whenASignedInViewerPutsTheCsrfTokenInTheMultipartBodyThenItIsRefusedWithNothingOnDisk() {
        ConsoleHttp viewer = ConsoleHttp.browser(base(), "viewer", "viewer");
        String cookie = sessionCookie("viewer");
        Refusal refusal = uploadAndHold("/images/builds", "Cookie: " + cookie + "\r\n", "_csrf",
                viewer.csrfToken());

        assertThat(refusal.mostFilesSeen()).as("files spooled before the refusal").isZero();
        assertThat(refusal.statusLine()).matches("HTTP/1\\.1 403 .*");
    }

    @Test
    void whenAnApiClientUploadsWithoutCredentialsOrAsAViewerThenItIsRefusedWithNothingOnDisk() {
        Refusal anonymous = uploadAndHold("/api/v1/images/builds", "");
        Refusal viewer = uploadAndHold("/api/v1/images/builds", "Authorization: Basic "
                + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)) + "\r\n");

        assertThat(anonymous.mostFilesSeen()).isZero();
        assertThat(anonymous.statusLine()).matches("HTTP/1\\.1 401 .*");
        assertThat(viewer.mostFilesSeen()).isZero();
        assertThat(viewer.statusLine()).matches("HTTP/1\\.1 403 .*");
    }

    @Test
    void whenAnOperatorUploadsWithTheCsrfHeaderThenTheBodyIsReadAfterAuthorisation() {
        ConsoleHttp operator = ConsoleHttp.browser(base(), "operator", "operator");
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"repository\"\r\n\r\nmodels/x\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n1\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"m.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nweights\r\n--" + BOUNDARY + "--\r\n";

        HttpResponse<String> answer = operator.send("POST", "/images/builds",
                "multipart/form-data; boundary=" + BOUNDARY, body, "X-CSRF-TOKEN", operator.csrfToken());

        // the handler got the parts (repository, tag, files) and went on to the registry, of which there is none here
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("urn:modelcar-console:problem:registry-not-configured");
    }

    /** Sends the head and a 5 MB file part, never the end of the body, and watches the disk until the answer. */
    private Refusal uploadAndHold(String path, String extraHeaders, String... fields) {
        StringBuilder start = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            start.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(fields[i])
                    .append("\"\r\n\r\n").append(fields[i + 1]).append("\r\n");
        }
        start.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"files\"; "
                + "filename=\"model.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] part = new byte[5 * 1024 * 1024];
        String end = "\r\n--" + BOUNDARY + "--\r\n";
        long length = start.length() + part.length + end.length();
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + extraHeaders
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(start.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.write(part);
                    out.flush(); // the end of the body is never sent
                } catch (IOException e) {
                    // the server may close the connection after refusing: expected
                }
            });
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int most = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && !answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n")) {
                most = Math.max(most, filesUnder(WORK));
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.write(buffer, 0, n);
                } catch (SocketTimeoutException e) {
                    // nothing yet: look at the disk again
                } catch (IOException e) {
                    break;
                }
            }
            most = Math.max(most, filesUnder(WORK));
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            return new Refusal(text.contains("\r\n") ? text.substring(0, text.indexOf("\r\n")) : text, most);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String sessionCookie(String user) {
        // a second sign-in whose cookie the raw client can send
        java.net.CookieManager cookies = new java.net.CookieManager();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        try {
            String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/login"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user
                            + "&_csrf=" + ConsoleHttp.csrfFrom(page))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // the sealed login and the CSRF cookie (no HTTP session: any replica answers)
        String all = cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        if (!all.contains("MCC_SESSION=")) {
            throw new IllegalStateException("no login cookie after signing in as " + user + ": " + all);
        }
        return all;
    }

    private static int filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return (int) files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/base")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file deleted while walking
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("upload-spool-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
