package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run and a serving certificate for {@code 127.0.0.1} signed by it, in
 * the layout controller-runtime's webhook server reads ({@code tls.crt}, {@code tls.key} in
 * {@code $TMPDIR/k8s-webhook-server/serving-certs}). The API server trusts the CA through the {@code caBundle} of
 * the webhook configurations. Made with the {@code openssl} command.
 *
 * @param tmpDir   the directory to give the webhook server as {@code TMPDIR}
 * @param caBundle the CA certificate, PEM, base64 (the value of {@code clientConfig.caBundle})
 */
public record WebhookCertificates(Path tmpDir, String caBundle) {

    public static final Prerequisite OPENSSL = Prerequisite.of("openssl", WebhookCertificates::opensslPresent,
            "apt-get install openssl");

    /** Makes the CA and the 127.0.0.1 serving certificate under {@code tmpDir}. */
    public static WebhookCertificates create(Path tmpDir) {
        try {
            Path dir = Files.createDirectories(tmpDir.resolve("k8s-webhook-server").resolve("serving-certs"));
            Path pki = Files.createDirectories(tmpDir.resolve("pki"));
            Path ext = pki.resolve("san.ext");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
            openssl(pki, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=modelcar-console-test-ca");
            openssl(pki, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", dir.resolve("tls.key").toString(), "-out", "tls.csr", "-subj", "/CN=127.0.0.1");
            openssl(pki, "x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", dir.resolve("tls.crt").toString(), "-days", "2", "-extfile", ext.toString());
            String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(pki.resolve("ca.crt")));
            return new WebhookCertificates(tmpDir, ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static boolean opensslPresent() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
