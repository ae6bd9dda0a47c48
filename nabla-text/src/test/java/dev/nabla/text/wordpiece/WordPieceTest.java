package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Greedy longest-match-first on a tiny vocabulary. */
class WordPieceTest {
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "una", "##ff",
            "a", "##a", "##b", "want", "##want", "##ed", "wa", "runn", "##ing", ",", "😀", "##😀", "low", "##er", "##est");

    private final WordPiece wp = new WordPiece(VOCAB, "[UNK]");

    private int[] ids(String... tokens) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) out[i] = VOCAB.indexOf(tokens[i]);
        return out;
    }

    @Test
    void longestMatchFirstWithContinuations() {
        // "una" is longer than "un": greedy takes it, leaving "##ff" + "##able" (not un ##aff ##able)
        assertArrayEquals(ids("una", "##ff", "##able"), wp.tokenize("unaffable"));
        assertArrayEquals(ids("want", "##ed"), wp.tokenize("wanted"));
        assertArrayEquals(ids("runn", "##ing"), wp.tokenize("running"));
        assertArrayEquals(ids("low", "##est"), wp.tokenize("lowest"));
        assertArrayEquals(ids("a", "##a", "##b"), wp.tokenize("aab"));
        assertArrayEquals(ids("😀", "##😀"), wp.tokenize("😀😀"));
    }

    @Test
    void aWordWithAnUnmatchedPartIsUnknownAsAWhole() {
        assertArrayEquals(ids("[UNK]"), wp.tokenize("wantx"));
        assertArrayEquals(ids("[UNK]"), wp.tokenize("xwant"));
        assertArrayEquals(ids("[UNK]"), wp.tokenize("b")); // only "##b" exists
    }

    @Test
    void wordsLongerThanTheLimitAreUnknown() {
        WordPiece short3 = new WordPiece(VOCAB, "[UNK]", "##", 3);
        assertArrayEquals(ids("a", "##a", "##a"), short3.tokenize("aaa"));
        assertArrayEquals(ids("[UNK]"), short3.tokenize("aaaa"));
        assertArrayEquals(ids("😀", "##😀", "##😀"), short3.tokenize("😀😀😀")); // code points, not UTF-16 chars
        assertArrayEquals(ids("[UNK]"), wp.tokenize("a".repeat(101)));
        assertEquals(100, wp.tokenize("a".repeat(100)).length);
    }

    @Test
    void badVocabularies() {
        assertThrows(IllegalArgumentException.class, () -> new WordPiece(List.of("a", "b"), "[UNK]"));
        assertThrows(IllegalArgumentException.class, () -> new WordPiece(VOCAB, "[UNK]", "##", 0));
        assertThrows(IndexOutOfBoundsException.class, () -> wp.token(VOCAB.size()));
    }
}
