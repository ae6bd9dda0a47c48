package dev.nabla.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writing files so that a crash never leaves a half-written one: a temporary file in the same folder, then rename. */
public final class Files {
    private Files() {}

    /** What writes a file's content to a stream (for content too large to hold as one byte array). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        writeAtomically(path, out -> out.write(bytes));
    }

    /** Streams {@code content} into a temporary file next to {@code path}, forces it to disk, then renames it. */
    public static void writeAtomically(Path path, Content content) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        java.nio.file.Files.createDirectories(dir);
        Path tmp = java.nio.file.Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            java.nio.file.Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
