package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.text.Corpus;
import dev.nabla.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVocabTest {
    @Test
    void keepsTheMostFrequentWordsAfterUnkAndEos(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "the cat sat.\nthe dog sat on the mat\n");
        Corpus c = Corpus.file(f, Tokenizer.english());
        WordVocab v = WordVocab.build(c, 5);
        assertEquals(List.of("<unk>", "<eos>", "the", "sat", "."), v.describe().get("words"));
        // the sentences with <eos> after each; words outside the 5 kept become <unk>
        assertArrayEquals(new int[] {2, 0, 3, 4, 1, 2, 0, 3, 0, 2, 0, 1}, v.encode(c));
        assertArrayEquals(new int[] {2, 0, 3, 1, 2}, v.encode("The cow sat\nthe"));
        assertEquals("the <unk> sat\nthe", v.decode(new int[] {2, 0, 3, 1, 2}));
        assertEquals(v, TokenVocab.fromDescription(v.describe()));
        assertEquals("word", v.unit());
    }

    @Test
    void badDescriptionsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> WordVocab.of(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> WordVocab.of(List.of("<unk>", "<eos>", "x", "x")));
        assertThrows(IllegalArgumentException.class, () -> TokenVocab.fromDescription(java.util.Map.of("kind", "bytes")));
    }
}
