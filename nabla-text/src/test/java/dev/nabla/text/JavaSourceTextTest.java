package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaSourceTextTest {
    private static final String LICENSED = "/*\n * Copyright (c) 2024, Someone.\n * GPL\n */\n\npackage a;\nclass A {}\n";

    @Test
    void readsTheFilesUnderThePrefixInOrderWithoutTheirLicences(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("src.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(z, "m/a/B.java", "package a;\nclass B {}");
            put(z, "m/a/A.java", LICENSED);
            put(z, "m/b/C.java", "class C {}\n");
            put(z, "m/a/notes.txt", "not java");
        }
        assertEquals("package a;\nclass A {}\npackage a;\nclass B {}\n", JavaSourceText.read(zip, "m/a/", 1000));
        assertEquals("package a;\nclass A {}\n", JavaSourceText.read(zip, "m/a/", 30)); // B would pass 30
        assertEquals("package a;\nclass A {}\n", JavaSourceText.read(zip, "m/a/", 1)); // the first file always
        assertThrows(IOException.class, () -> JavaSourceText.read(zip, "none/", 1000));

        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("m/b"));
        Files.writeString(tree.resolve("m/b/C.java"), "class C {}\n");
        assertEquals("class C {}\n", JavaSourceText.read(tree, "m/b", 1000));
    }

    @Test
    void keepsALeadingCommentThatIsNotALicence() {
        assertEquals("/** Docs. */\nclass A {}", JavaSourceText.withoutLicence("/** Docs. */\nclass A {}"));
        assertEquals("package a;\nclass A {}\n", JavaSourceText.withoutLicence(LICENSED));
    }

    private static void put(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        OutputStream o = z;
        o.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }
}
