package io.modelcar.console.images;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a model directory, in a stable order, as they go under {@code /models}. Symlinks are refused rather
 * than followed: one could point outside the directory the user may read.
 *
 * @param root        the model directory
 * @param entries     directories and regular files below it (root excluded), sorted by path
 * @param fileCount   regular files
 * @param totalBytes  their sizes added up
 */
record ModelFiles(Path root, List<Entry> entries, int fileCount, long totalBytes) {

    /** One directory or regular file, with its path relative to the root in Unix form. */
    record Entry(Path source, String relativePath, boolean directory) {
    }

    static ModelFiles scan(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidModelException("The model path is not a directory.");
        }
        List<Entry> entries = new ArrayList<>();
        long[] total = {0};
        int[] files = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    entries.add(new Entry(dir, relative(root, dir), true));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink()) {
                    throw new InvalidModelException("The model directory contains a symbolic link ("
                            + relative(root, file) + "); copy the file itself instead.");
                }
                if (!attrs.isRegularFile()) {
                    throw new InvalidModelException("The model directory contains a special file ("
                            + relative(root, file) + ").");
                }
                entries.add(new Entry(file, relative(root, file), false));
                total[0] += attrs.size();
                files[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        if (files[0] == 0) {
            throw new InvalidModelException("The model directory has no files; KServe's modelcar-init refuses an "
                    + "empty /models.");
        }
        entries.sort(java.util.Comparator.comparing(Entry::relativePath));
        return new ModelFiles(root, List.copyOf(entries), files[0], total[0]);
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** The model directory cannot become an image as it is. */
    static final class InvalidModelException extends RuntimeException {
        InvalidModelException(String message) {
            super(message);
        }
    }
}
