package dev.nabla.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VocabularyTest {
    @TempDir
    Path dir;

    private static Vocabulary count(String text, int minCount, int maxSize) {
        var c = new Vocabulary.Counter();
        for (String w : text.split(" ")) c.add(w);
        return c.vocabulary(minCount, maxSize);
    }

    @Test
    void frequencyOrderWithTiesInStringOrder() {
        Vocabulary v = count("b c a c b c d d e", 1, 100);
        assertEquals(List.of("c", "b", "d", "a", "e"), v.words());
        assertArrayEquals(new long[] {3, 2, 2, 1, 1}, v.counts());
        assertEquals(9, v.totalCount());
        assertEquals(2, v.id("d"));
        assertEquals(-1, v.id("zzz"));
    }

    @Test
    void minCountThenMaxSize() {
        Vocabulary v = count("b c a c b c d d e", 2, 100);
        assertEquals(List.of("c", "b", "d"), v.words());
        assertEquals(7, v.totalCount());
        assertEquals(List.of("c", "b"), count("b c a c b c d d e", 2, 2).words());
    }

    @Test
    void buildsFromACorpusFile() throws IOException {
        Path f = dir.resolve("c.txt");
        Files.writeString(f, "The cat. The dog!\n\nthe END\n");
        Vocabulary v = Vocabulary.build(Corpus.file(f, Tokenizer.english()), 1, 10);
        assertEquals(List.of("the", "!", ".", "cat", "dog", "end"), v.words());
        assertEquals(3, v.count(0));
    }

    @Test
    void saveLoadRoundTrip() throws IOException {
        Vocabulary v = count("b c a c b c d d e ü", 1, 100);
        Path f = dir.resolve("sub/vocab.txt");
        v.save(f);
        assertEquals("c 3\nb 2\nd 2\na 1\ne 1\nü 1\n", Files.readString(f));
        Vocabulary w = Vocabulary.load(f);
        assertEquals(v.words(), w.words());
        assertArrayEquals(v.counts(), w.counts());
    }

    @Test
    void malformedFilesNameTheLine() throws IOException {
        assertLoadFails("a 3\nb\n", ":2: malformed vocabulary: expected 'word count', got 'b'");
        assertLoadFails("a 3\nb x\n", ":2: malformed vocabulary: count 'x' is not an integer");
        assertLoadFails("a 3\nb 0\n", ":2: malformed vocabulary: count must be positive, got 0");
        assertLoadFails("a 3\nb 2\na 1\n", ":3: malformed vocabulary: word 'a' already on line 1");
        assertLoadFails("a 3\nb 4\n", ":2: malformed vocabulary: count 4 is above the previous line's 3");
        assertLoadFails("a b 3\n", ":1: malformed vocabulary: expected 'word count'");
    }

    private void assertLoadFails(String content, String message) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, content);
        IOException e = assertThrows(IOException.class, () -> Vocabulary.load(f));
        assertTrue(e.getMessage().startsWith(f + message), e.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        var c = new Vocabulary.Counter();
        assertThrows(IllegalArgumentException.class, () -> c.vocabulary(0, 10));
        assertThrows(IllegalArgumentException.class, () -> c.vocabulary(1, 0));
        c.add("a b");
        assertThrows(IllegalStateException.class, () -> c.vocabulary(1, 10).save(dir.resolve("v.txt")));
    }
}
