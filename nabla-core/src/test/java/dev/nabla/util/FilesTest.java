package dev.nabla.util;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {
    @TempDir Path dir;

    @Test
    void aStreamedWriteThatFailsLeavesTheOldFileAndNoLitter() throws IOException {
        Path p = dir.resolve("v.bin");
        Files.writeAtomically(p, new byte[] {1, 2, 3});
        var e = assertThrows(IOException.class, () -> Files.writeAtomically(p, out -> {
            out.write(new byte[1 << 20]);
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, java.nio.file.Files.readAllBytes(p));
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
        Files.writeAtomically(p, out -> out.write(new byte[] {4}));
        assertArrayEquals(new byte[] {4}, java.nio.file.Files.readAllBytes(p));
    }
}
