package dev.nabla.text.wordpiece;

import java.util.Arrays;

/**
 * One encoded text or text pair, as Hugging Face's Encoding: token ids and strings, token type ids (0 for the first
 * text and its special tokens, 1 for the second), attention mask (0 on padding), special-tokens mask, and offsets:
 * token {@code i} came from {@code text.substring(offsets[i][0], offsets[i][1])} of the text it belongs to (the second
 * text for type 1), {0, 0} for special tokens and padding.
 */
public record Encoding(int[] ids, String[] tokens, int[] tokenTypeIds, int[] attentionMask, int[] specialTokensMask, int[][] offsets) {
    public int length() { return ids.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(tokens, e.tokens)
                && Arrays.equals(tokenTypeIds, e.tokenTypeIds) && Arrays.equals(attentionMask, e.attentionMask)
                && Arrays.equals(specialTokensMask, e.specialTokensMask) && Arrays.deepEquals(offsets, e.offsets);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(ids); }

    @Override
    public String toString() { return "Encoding" + Arrays.toString(tokens); }
}
