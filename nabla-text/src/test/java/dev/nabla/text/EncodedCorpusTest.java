package dev.nabla.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EncodedCorpusTest {
    @TempDir
    Path dir;

    @Test
    void idsOfInVocabularyWordsSentenceBySentence() throws IOException {
        Path f = dir.resolve("c.txt");
        Files.writeString(f, "a b rare a\nrare\nb b a\n");
        Corpus corpus = Corpus.file(f, Tokenizer.english());
        Vocabulary v = Vocabulary.build(corpus, 3, 100); // a:3 b:3 -> a=0, b=1 (ties in string order); rare:2 dropped
        try (EncodedCorpus e = EncodedCorpus.encode(corpus, v)) {
            assertEquals(6, e.words());
            assertEquals(2, e.sentences());
            List<String> got = new ArrayList<>();
            e.forEachSentence(100, (ids, n) -> got.add(Arrays.toString(Arrays.copyOf(ids, n))));
            assertEquals(List.of("[0, 1, 0]", "[1, 1, 0]"), got);
            got.clear();
            e.forEachSentence(2, (ids, n) -> got.add(Arrays.toString(Arrays.copyOf(ids, n))));
            assertEquals(List.of("[0, 1]", "[0]", "[1, 1]", "[0]"), got, "long sentences come in pieces");
        }
    }

    @Test
    void partsCoverEveryIdOnceAndRewind() throws IOException {
        Path f = dir.resolve("big.txt");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) b.append("w").append(i % 7).append(i % 5 == 4 ? "\n" : " ");
        Files.writeString(f, b);
        Corpus corpus = Corpus.file(f, Tokenizer.english());
        Vocabulary v = Vocabulary.build(corpus, 1, 100);
        try (EncodedCorpus e = EncodedCorpus.encode(corpus, v)) {
            assertEquals(20_000, e.words());
            for (int parts : new int[] {1, 3, 7}) {
                long[] hist = new long[7];
                int[] ids = new int[1000];
                for (int p = 0; p < parts; p++) {
                    try (EncodedCorpus.Reader r = e.reader(p, parts)) {
                        for (int epoch = 0; epoch < 2; epoch++) {
                            r.rewind();
                            for (int n; (n = r.next(ids)) >= 0; ) for (int i = 0; i < n; i++) hist[ids[i]]++;
                        }
                    }
                }
                for (int w = 0; w < 7; w++) assertEquals(2 * v.count(w), hist[w], "parts=" + parts + " word " + v.word(w));
            }
        }
    }

    @Test
    void closeDeletesTheFile() throws IOException {
        Path f = dir.resolve("c.txt");
        Files.writeString(f, "a\n");
        Corpus corpus = Corpus.file(f, Tokenizer.english());
        EncodedCorpus e = EncodedCorpus.encode(corpus, Vocabulary.build(corpus, 1, 10));
        e.close();
        assertThrows(IOException.class, () -> e.forEachSentence(10, (ids, n) -> {}));
    }
}
