package io.modelcar.console.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The base of every modelcar image: one layer with a static busybox at {@code /bin/busybox} and symlinks to it for
 * the commands KServe runs in the {@code modelcar} and {@code modelcar-init} containers ({@code sh -c "ln -sf ... &&
 * sleep infinity"}, {@code ls -A /models}, {@code mkdir -p} for non-default paths). Written as a {@code docker save}
 * tarball that Jib takes as its base image, because Jib's own file layers cannot hold symlinks. Reproducible: same
 * busybox, same bytes (fixed order, owner root, modification time {@link #MODIFICATION_TIME}).
 */
final class BusyboxBaseImage {

    /** Jib's reproducible modification time (1 s after the epoch: some tools read 0 as "unknown"). */
    static final Instant MODIFICATION_TIME = Instant.ofEpochSecond(1);
    static final List<String> APPLETS = List.of("sh", "ln", "sleep", "ls", "mkdir");
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BusyboxBaseImage() {
    }

    /** The image's platform architecture in OCI terms, read from the binary's ELF header. */
    record Binary(Path path, String architecture, String sha256) {
    }

    /** Checks that the file is a statically linked ELF executable and tells its architecture. */
    static Binary inspect(Path busybox) throws IOException {
        if (!Files.isRegularFile(busybox)) {
            throw new BusyboxUnusableException("No busybox binary at " + busybox
                    + " (console.images.busybox-path; Debian: apt-get install busybox-static).");
        }
        try (RandomAccessFile file = new RandomAccessFile(busybox.toFile(), "r")) {
            byte[] header = new byte[64];
            if (file.read(header) < 52 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L'
                    || header[3] != 'F') {
                throw new BusyboxUnusableException(busybox + " is not an ELF executable.");
            }
            boolean is64 = header[4] == 2;
            ByteBuffer h = ByteBuffer.wrap(header).order(header[5] == 2 ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            String arch = switch (h.getShort(18)) {
                case 0x3E -> "amd64";
                case 0xB7 -> "arm64";
                case 0x28 -> "arm";
                case 0x15 -> "ppc64le";
                case 0x16 -> "s390x";
                case 0xF3 -> "riscv64";
                case 0x03 -> "386";
                default -> throw new BusyboxUnusableException(busybox + " is built for an unknown machine.");
            };
            long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
            int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
            byte[] type = new byte[4];
            for (int i = 0; i < phnum; i++) {
                file.seek(phoff + (long) i * phentsize);
                file.readFully(type);
                if (ByteBuffer.wrap(type).order(h.order()).getInt() == 3) { // PT_INTERP: dynamically linked
                    throw new BusyboxUnusableException(busybox + " is dynamically linked; a modelcar image has "
                            + "no libc. Use a static busybox (Debian: busybox-static).");
                }
            }
            return new Binary(busybox, arch, sha256(busybox));
        }
    }

    /** The base image tarball for this busybox, written once into the cache directory and reused. */
    static Path tarball(Binary busybox, Path cacheDir) throws IOException {
        Path target = cacheDir.resolve("busybox-" + busybox.sha256() + "-" + busybox.architecture() + ".tar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path layer = Files.createTempFile(cacheDir, "layer", ".tar");
        Path image = Files.createTempFile(cacheDir, "image", ".tar");
        try {
            String diffId = writeLayer(busybox.path(), layer);
            byte[] config = config(busybox.architecture(), diffId).getBytes(StandardCharsets.UTF_8);
            byte[] manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[],\"Layers\":[\"layer.tar\"]}]"
                    .getBytes(StandardCharsets.UTF_8);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(image))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                addBytes(tar, "manifest.json", manifest);
                addBytes(tar, "config.json", config);
                TarArchiveEntry entry = fileEntry("layer.tar", Files.size(layer), 0644);
                tar.putArchiveEntry(entry);
                Files.copy(layer, tar);
                tar.closeArchiveEntry();
            }
            Files.move(image, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(layer);
            Files.deleteIfExists(image);
        }
    }

    /** Writes the layer tar and answers its diff ID (sha256 of the uncompressed tar). */
    private static String writeLayer(Path busybox, Path layer) throws IOException {
        MessageDigest sha = sha256Digest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(layer), sha);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry bin = new TarArchiveEntry("bin/", TarConstants.LF_DIR);
            owned(bin, 040755);
            tar.putArchiveEntry(bin);
            tar.closeArchiveEntry();
            TarArchiveEntry binary = fileEntry("bin/busybox", Files.size(busybox), 0755);
            tar.putArchiveEntry(binary);
            try (InputStream in = Files.newInputStream(busybox)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
                link.setLinkName("busybox");
                owned(link, 0120777);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static String config(String architecture, String diffId) {
        String created = "1970-01-01T00:00:00Z";
        return "{\"created\":\"" + created + "\",\"architecture\":\"" + architecture + "\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[\"" + PATH + "\"],\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created\":\"" + created + "\",\"created_by\":\"modelcar-console: static busybox "
                + "with " + String.join(", ", APPLETS) + "\"}]}";
    }

    private static void addBytes(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        tar.putArchiveEntry(fileEntry(name, bytes.length, 0644));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry fileEntry(String name, long size, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        owned(entry, 0100000 | mode);
        return entry;
    }

    private static void owned(TarArchiveEntry entry, int mode) {
        entry.setMode(mode);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(MODIFICATION_TIME.toEpochMilli());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configured busybox cannot go into a modelcar image. */
    static final class BusyboxUnusableException extends RuntimeException {
        BusyboxUnusableException(String message) {
            super(message);
        }
    }
}
