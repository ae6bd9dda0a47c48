package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Special tokens, pairs, truncation, padding, batches, offsets and decoding on a tiny vocabulary. */
class BertTokenizerTest {
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat",
            "##s", ".", "!", "run", "##ning", "[X]", "a", "b", "c", "d", "e", "'", "t", "don");

    private final BertTokenizer bert = new BertTokenizer(new WordPiece(VOCAB, "[UNK]"), BasicTokenizer.Options.UNCASED);

    static int[] ids(String tokens) {
        return java.util.Arrays.stream(tokens.split(" ")).mapToInt(VOCAB::indexOf).toArray();
    }

    @Test
    void singleText() {
        Encoding e = bert.encode("The cats sat, running!");
        assertEquals(List.of("[CLS]", "the", "cat", "##s", "sat", "[UNK]", "run", "##ning", "!", "[SEP]"), List.of(e.tokens()));
        assertArrayEquals(ids("[CLS] the cat ##s sat [UNK] run ##ning ! [SEP]"), e.ids());
        assertArrayEquals(new int[10], e.tokenTypeIds());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, e.attentionMask());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, e.specialTokensMask());
        assertArrayEquals(new int[][] {{0, 0}, {0, 3}, {4, 7}, {7, 8}, {9, 12}, {12, 13}, {14, 17}, {17, 21}, {21, 22}, {0, 0}}, e.offsets());
        assertEquals(List.of("the", "cat", "##s"), bert.tokenize("THE CATS"));
        assertArrayEquals(ids("the"), bert.encode("the", null, false).ids());
    }

    @Test
    void specialTokensAreNeverSplitAndMatchOnlyAsWritten() {
        assertArrayEquals(ids("[CLS] the [MASK] sat [SEP] [SEP]"), bert.encode("the[MASK] sat [SEP]").ids());
        assertArrayEquals(ids("[CLS] [UNK] [UNK] [UNK] [SEP]"), bert.encode("[mask]").ids()); // lower-case: "[", "mask", "]"
        BertTokenizer x = new BertTokenizer(new WordPiece(VOCAB, "[UNK]"), BasicTokenizer.Options.UNCASED, "[CLS]", "[SEP]", "[PAD]", "[MASK]", List.of("[X]"));
        assertArrayEquals(ids("[CLS] a [X] b [SEP]"), x.encode("a[X]b").ids());
        assertEquals(0, x.encode("a[X]b").specialTokensMask()[2]); // as tokenizers: only the tokens the template adds
    }

    @Test
    void pairsHaveTypeIdsAndTheirOwnOffsets() {
        Encoding e = bert.encode("the cat", "on mat");
        assertArrayEquals(ids("[CLS] the cat [SEP] on mat [SEP]"), e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, e.tokenTypeIds());
        assertArrayEquals(new int[] {0, 2}, e.offsets()[4]);
        assertArrayEquals(new int[] {3, 6}, e.offsets()[5]);
    }

    @Test
    void truncationStrategies() {
        String a = "a b c d e", b = "a b";
        assertArrayEquals(ids("[CLS] a b c [SEP] a b [SEP]"), bert.withTruncation(Truncation.longestFirst(8)).encode(a, b).ids());
        // both long: half each, the odd one to the second
        assertArrayEquals(ids("[CLS] a b [SEP] a b c [SEP]"), bert.withTruncation(Truncation.longestFirst(8)).encode("a b c d", "a b c d").ids());
        assertArrayEquals(ids("[CLS] a b c [SEP]"), bert.withTruncation(Truncation.longestFirst(5)).encode(a).ids());
        assertArrayEquals(ids("[CLS] a b c d [SEP] a [SEP]"), bert.withTruncation(new Truncation(8, Truncation.Strategy.ONLY_SECOND)).encode("a b c d", b).ids());
        assertArrayEquals(ids("[CLS] a b c [SEP] a b [SEP]"), bert.withTruncation(new Truncation(8, Truncation.Strategy.ONLY_FIRST)).encode(a, b).ids());
        assertThrows(IllegalArgumentException.class, () -> bert.withTruncation(new Truncation(5, Truncation.Strategy.ONLY_SECOND)).encode(a, b));
        assertThrows(IllegalArgumentException.class, () -> bert.withTruncation(new Truncation(5, Truncation.Strategy.ONLY_SECOND)).encode(a));
        assertThrows(IllegalArgumentException.class, () -> bert.withTruncation(Truncation.longestFirst(2)).encode(a, b));
        assertArrayEquals(ids("[CLS] a [SEP]"), bert.withTruncation(Truncation.longestFirst(8)).encode("a").ids());
    }

    @Test
    void paddingToAFixedLengthAndToTheLongestOfABatch() {
        Encoding e = bert.withPadding(Padding.maxLength(6)).encode("the cat");
        assertArrayEquals(ids("[CLS] the cat [SEP] [PAD] [PAD]"), e.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, e.attentionMask());
        assertArrayEquals(new int[] {0, 0}, e.offsets()[5]);
        List<Encoding> batch = bert.withPadding(Padding.longest()).encodeBatch(List.of("the", "the cat sat", "cat"));
        for (Encoding x : batch) assertEquals(5, x.length());
        assertArrayEquals(ids("[CLS] cat [SEP] [PAD] [PAD]"), batch.get(2).ids());
        List<Encoding> pairs = bert.withPadding(Padding.longest()).withTruncation(Truncation.longestFirst(6))
                .encodeBatch(List.of("a b c", "a"), List.of("d e", "b"));
        assertArrayEquals(ids("[CLS] a b [SEP] d [SEP]"), pairs.get(0).ids());
        assertArrayEquals(ids("[CLS] a [SEP] b [SEP] [PAD]"), pairs.get(1).ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0}, pairs.get(1).tokenTypeIds());
        assertArrayEquals(bert.encode("the cat").ids(), bert.encodeBatch(List.of("the cat")).getFirst().ids());
    }

    @Test
    void decodeJoinsPiecesAndCanSkipSpecialTokens() {
        int[] ids = bert.encode("The cats don't run. Running!").ids();
        assertEquals("[CLS] the cats don ' t run. running! [SEP]", bert.decode(ids)); // as tokenizers: " ' " is never one token
        assertEquals("the cats don ' t run. running!", bert.decode(ids, true));
        assertThrows(IndexOutOfBoundsException.class, () -> bert.decode(new int[] {99}));
    }

    @Test
    void missingSpecialTokensAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BertTokenizer(new WordPiece(List.of("[UNK]", "a"), "[UNK]"), BasicTokenizer.Options.UNCASED));
        assertEquals("BertTokenizer: the cls token [CLS] is not in the vocabulary", e.getMessage());
    }
}
