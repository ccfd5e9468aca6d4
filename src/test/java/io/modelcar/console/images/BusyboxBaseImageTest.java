package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxBaseImageTest {

    @TempDir
    Path temp;

    /** The smallest ELF64 x86-64 header with no program headers: "static" as far as the check goes. */
    static Path fakeStaticElf() {
        try {
            Path file = Files.createTempFile("busybox", ".elf");
            ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
            header.putShort(16, (short) 2).putShort(18, (short) 0x3E).putLong(32, 64).putShort(54, (short) 56)
                    .putShort(56, (short) 0);
            Files.write(file, header.array());
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void whenTheBinaryIsAStaticElfThenItsArchitectureIsRead() throws Exception {
        BusyboxBaseImage.Binary binary = BusyboxBaseImage.inspect(fakeStaticElf());

        assertThat(binary.architecture()).isEqualTo("amd64");
        assertThat(binary.sha256()).hasSize(64);
    }

    @Test
    void whenTheBinaryIsNotElfOrMissingThenItIsRefusedWithAHint() throws Exception {
        Path text = Files.writeString(temp.resolve("busybox"), "#!/bin/sh\necho not a binary\n");

        assertThatThrownBy(() -> BusyboxBaseImage.inspect(text)).hasMessageContaining("not an ELF");
        assertThatThrownBy(() -> BusyboxBaseImage.inspect(temp.resolve("absent")))
                .hasMessageContaining("busybox-static");
    }

    @Test
    void whenTheBinaryIsDynamicallyLinkedThenItIsRefused() {
        Path dynamic = Path.of("/usr/bin/env"); // every Debian machine has it, dynamically linked
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(dynamic));

        assertThatThrownBy(() -> BusyboxBaseImage.inspect(dynamic)).hasMessageContaining("dynamically linked");
    }

    @Test
    void whenTheTarballIsWrittenThenItHoldsBusyboxAndSymlinksAndIsReproducible() throws Exception {
        BusyboxBaseImage.Binary binary = BusyboxBaseImage.inspect(fakeStaticElf());

        Path first = BusyboxBaseImage.tarball(binary, temp.resolve("a"));
        Path second = BusyboxBaseImage.tarball(binary, temp.resolve("b"));

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        Map<String, byte[]> outer = untar(Files.newInputStream(first));
        assertThat(outer).containsOnlyKeys("manifest.json", "config.json", "layer.tar");
        assertThat(new String(outer.get("config.json"))).contains("\"architecture\":\"amd64\"")
                .contains("\"Cmd\":[\"sh\"]");
        Map<String, TarArchiveEntry> layer = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                outer.get("layer.tar")))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                layer.put(e.getName(), e);
            }
        }
        assertThat(layer).containsKeys("bin/", "bin/busybox", "bin/sh", "bin/ln", "bin/sleep", "bin/ls",
                "bin/mkdir");
        assertThat(layer.get("bin/busybox").getMode() & 07777).isEqualTo(0755);
        assertThat(layer.get("bin/sh").isSymbolicLink()).isTrue();
        assertThat(layer.get("bin/sh").getLinkName()).isEqualTo("busybox");
        assertThat(layer.get("bin/busybox").getModTime().toInstant()).isEqualTo(BusyboxBaseImage.MODIFICATION_TIME);
    }

    private static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                files.put(e.getName(), tar.readAllBytes());
            }
        }
        return files;
    }
}
