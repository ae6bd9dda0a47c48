package dev.nabla.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * fastText's character n-grams of a word (Dictionary::computeSubwords): the word is wrapped in {@code <} and
 * {@code >} and encoded as UTF-8; every run of {@code minn..maxn} characters of the wrapped word is an n-gram,
 * characters being code points (an n-gram never starts or ends inside a multi-byte character). An n-gram is
 * identified by its bucket, {@link #hash} modulo the bucket count. As in fastText, the whole wrapped word is one of
 * the n-grams when it is at most maxn characters long (its word vector is apart from it), and a one-character
 * n-gram (minn 1) is never the {@code <} or the {@code >}.
 */
public final class Subwords {
    private final int minn, maxn, buckets;

    /** n-grams of {@code minn..maxn} characters hashed into {@code buckets} buckets (fastText: 3, 6, 2,000,000). */
    public Subwords(int minn, int maxn, int buckets) {
        if (minn < 1 || maxn < minn)
            throw new IllegalArgumentException("Subwords: need 1 <= minn <= maxn, got minn " + minn + ", maxn " + maxn);
        if (buckets < 1) throw new IllegalArgumentException("Subwords: buckets must be positive, got " + buckets);
        this.minn = minn;
        this.maxn = maxn;
        this.buckets = buckets;
    }

    public int minn() { return minn; }

    public int maxn() { return maxn; }

    public int buckets() { return buckets; }

    /**
     * fastText's hash (Dictionary::hash): 32-bit FNV-1a over the bytes, except that each byte is sign-extended
     * before the xor (fastText hashed C++ {@code char}s, signed on x86, and kept that for model compatibility).
     * Returned as the unsigned 32-bit value in a long.
     */
    public static long hash(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5; // 2166136261
        for (int i = from; i < to; i++) {
            h ^= bytes[i]; // the byte widens with its sign, as int8_t → uint32_t does
            h *= 16777619;
        }
        return h & 0xFFFF_FFFFL;
    }

    /** {@link #hash} of the UTF-8 bytes of {@code s}. */
    public static long hash(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return hash(b, 0, b.length);
    }

    /** The buckets of the n-grams of {@code word} (not wrapped yet), in fastText's order: by start, then by length. */
    public int[] buckets(String word) {
        byte[] w = wrap(word);
        int[] count = new int[1];
        forEach(w, (from, to) -> count[0]++);
        int[] out = new int[count[0]];
        int[] k = new int[1];
        forEach(w, (from, to) -> out[k[0]++] = (int) (hash(w, from, to) % buckets));
        return out;
    }

    /** The n-grams of {@code word} as strings, in the order of {@link #buckets(String)}. */
    public List<String> ngrams(String word) {
        byte[] w = wrap(word);
        List<String> out = new ArrayList<>();
        forEach(w, (from, to) -> out.add(new String(w, from, to - from, StandardCharsets.UTF_8)));
        return out;
    }

    private interface Span {
        void accept(int from, int to);
    }

    /** Calls {@code span} with the byte range of each n-gram of the wrapped word {@code w}, as computeSubwords walks it. */
    private void forEach(byte[] w, Span span) {
        for (int i = 0; i < w.length; i++) {
            if (continuation(w[i])) continue; // n-grams start at a character
            int j = i;
            for (int n = 1; j < w.length && n <= maxn; n++) {
                j = nextChar(w, j);
                if (n >= minn && !(n == 1 && (i == 0 || j == w.length))) span.accept(i, j);
            }
        }
    }

    private static byte[] wrap(String word) {
        return ("<" + word + ">").getBytes(StandardCharsets.UTF_8);
    }

    /** The index after the character that starts at {@code j}: one byte and its continuation bytes. */
    private static int nextChar(byte[] w, int j) {
        j++;
        while (j < w.length && continuation(w[j])) j++;
        return j;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
