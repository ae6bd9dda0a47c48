package dev.nabla.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SubwordsTest {
    private final Subwords fastText = new Subwords(3, 6, 2_000_000);

    /**
     * fastText's hash written out again from its definition, in long arithmetic: h = 2166136261; for each byte,
     * h ^= the byte sign-extended to 32 bits, h *= 16777619, all modulo 2^32.
     */
    private static long reference(String s) {
        long h = 2166136261L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            long signExtended = b >= 0 ? b : 0xFFFF_FF00L | (b & 0xFF);
            h = ((h ^ signExtended) * 16777619L) % (1L << 32);
        }
        return h;
    }

    @Test
    void hashIsFastTextsSignExtendedFnv1a() {
        for (String s : List.of("", "where", "<wh", "her>", "running", "</s>", "<café>", "fé>", "<日本", "本語>", "naïve", "Ω≈ç√"))
            assertEquals(reference(s), Subwords.hash(s), s);
        // Values from an independent implementation (Python) of the same definition.
        assertEquals(2166136261L, Subwords.hash(""));
        assertEquals(90969176L, Subwords.hash("where"));
        assertEquals(1048167652L, Subwords.hash("<wh"));
        assertEquals(3929739062L, Subwords.hash("her>"));
        assertEquals(3312017187L, Subwords.hash("<café>"));
        assertEquals(3937609697L, Subwords.hash("fé>"));
        assertEquals(3018758587L, Subwords.hash("<日本"));
        assertEquals(2567674355L, Subwords.hash("本語>"));
    }

    @Test
    void signExtensionMattersForNonAscii() {
        // Plain FNV-1a (unsigned bytes) would give another value for any byte >= 0x80.
        long plain = 2166136261L;
        for (byte b : "é".getBytes(StandardCharsets.UTF_8)) plain = ((plain ^ (b & 0xFF)) * 16777619L) % (1L << 32);
        assertNotEquals(plain, Subwords.hash("é"));
    }

    /** The lists below are what `fasttext print-ngrams` prints (after the word itself) with minn 3, maxn 6. */
    @Test
    void ngramsAreFastTexts() {
        assertEquals(List.of("<wh", "<whe", "<wher", "<where", "whe", "wher", "where", "where>", "her", "here",
                "here>", "ere", "ere>", "re>"), fastText.ngrams("where"));
        assertEquals(List.of("<ca", "<caf", "<café", "<café>", "caf", "café", "café>", "afé", "afé>", "fé>"),
                fastText.ngrams("café"));
        assertEquals(List.of("<日本", "<日本語", "<日本語>", "日本語", "日本語>", "本語>"), fastText.ngrams("日本語"));
        assertEquals(List.of("<a>"), fastText.ngrams("a"));
        assertEquals(List.of(), new Subwords(3, 6, 100).ngrams(""), "'<>' has no 3-gram");
    }

    @Test
    void oneCharacterNgramsAreNeverTheBrackets() {
        assertEquals(List.of("<a", "<ab", "a", "ab", "ab>", "b", "b>"), sortedNgrams(new Subwords(1, 3, 10), "ab"));
    }

    private static List<String> sortedNgrams(Subwords s, String w) {
        return s.ngrams(w).stream().sorted().toList();
    }

    @Test
    void bucketsAreHashesModuloTheBucketCount() {
        for (int buckets : new int[] {2_000_000, 1000, 7}) {
            Subwords s = new Subwords(3, 6, buckets);
            for (String w : List.of("where", "café", "日本語", "runnning", "a")) {
                List<String> grams = s.ngrams(w);
                int[] b = s.buckets(w);
                assertEquals(grams.size(), b.length, w);
                for (int i = 0; i < b.length; i++) assertEquals(reference(grams.get(i)) % buckets, b[i], w + " " + grams.get(i));
            }
        }
        assertArrayEquals(new int[] {167652}, java.util.Arrays.copyOf(fastText.buckets("where"), 1));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Subwords(0, 6, 10));
        assertThrows(IllegalArgumentException.class, () -> new Subwords(4, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> new Subwords(3, 6, 0));
    }
}
