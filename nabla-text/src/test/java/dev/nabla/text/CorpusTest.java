package dev.nabla.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class CorpusTest {
    @TempDir
    Path dir;

    private static List<List<String>> sentences(Corpus c) throws IOException {
        List<List<String>> out = new ArrayList<>();
        c.forEachSentence(t -> out.add(List.copyOf(t)));
        return out;
    }

    @Test
    void fileGivesOneSentencePerNonEmptyLine() throws IOException {
        Path f = dir.resolve("a.txt");
        Files.write(f, new byte[] {'A', ' ', 'b', '\n', '\n', ' ', '\n', 'c', (byte) 0xff, 'd'});
        assertEquals(List.of(List.of("a", "b"), List.of("c", "\ufffd", "d")), sentences(Corpus.file(f, Tokenizer.english())));
    }

    @Test
    void tokenizedSentencesAreReadAgainOnEveryPassAndEmptyOnesSkipped() throws IOException {
        int[] passes = {0};
        Corpus c = Corpus.tokenized("pieces", action -> {
            passes[0]++;
            action.accept(List.of("un", "##like", "##ly"));
            action.accept(List.of());
            action.accept(List.of("[UNK]"));
        });
        List<List<String>> want = List.of(List.of("un", "##like", "##ly"), List.of("[UNK]"));
        assertEquals(want, sentences(c));
        assertEquals(want, sentences(c));
        assertEquals(2, passes[0]);
        assertEquals("pieces", c.description());
    }

    @Test
    void directoryReadsFilesInPathOrderSkippingHidden() throws IOException {
        Files.createDirectories(dir.resolve("b/.git"));
        Files.writeString(dir.resolve("b/z.txt"), "two\n");
        Files.writeString(dir.resolve("a.txt"), "one\n");
        Files.writeString(dir.resolve("b/.git/x"), "hidden\n");
        Files.writeString(dir.resolve(".hidden"), "hidden\n");
        Corpus c = Corpus.directory(dir, Tokenizer.english());
        assertEquals(List.of(List.of("one"), List.of("two")), sentences(c));
        assertEquals(List.of(List.of("one"), List.of("two")), sentences(c), "a corpus can be read again");
    }

    @Test
    void javadocOfAZipOfSources() throws IOException {
        Path zip = dir.resolve("src.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("java.base/java/lang/A.java"));
            z.write("/** The first class. */ class A {}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("java.base/java/lang/readme.txt"));
            z.write("/** not java */".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("java.base/java/lang/B.java"));
            z.write("/** Second, {@code code}. @param x ignored name */ class B {}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(List.of("the", "first", "class", "."), List.of("second", ",", ".", "@", "param", "x", "ignored", "name")),
                sentences(Corpus.javadoc(zip, Tokenizer.english())));
    }

    @Test
    void missingInputsAreNamed() {
        var e = assertThrows(NoSuchFileException.class, () -> Corpus.file(dir.resolve("none.txt"), Tokenizer.english()));
        assertTrue(e.getMessage().contains("none.txt"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Corpus.directory(dir.resolve("none"), Tokenizer.english()));
        var empty = assertThrows(IOException.class, () -> Corpus.directory(dir, Tokenizer.english()));
        assertTrue(empty.getMessage().contains("no files"), empty.getMessage());
    }

    @Test
    void builtInIsTheJdkSourcesOrSaysWhatToInstall() throws IOException {
        List<String> warnings = new ArrayList<>();
        if (Files.isRegularFile(Corpus.jdkSourceZip())) {
            Corpus c = Corpus.builtIn(Tokenizer.english(), warnings::add);
            assertEquals(List.of(), warnings);
            assertTrue(c.description().contains("src.zip"), c.description());
        } else {
            var e = assertThrows(NoSuchFileException.class, () -> Corpus.jdkJavadoc(Tokenizer.english()));
            assertTrue(e.getMessage().contains("-source"), e.getMessage());
            System.out.println("CorpusTest: this JDK has no src.zip; checked the error message only");
        }
    }
}
