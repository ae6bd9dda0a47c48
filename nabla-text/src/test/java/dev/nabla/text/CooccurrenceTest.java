package dev.nabla.text;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CooccurrenceTest {
    @TempDir
    Path dir;

    /** Zipf-like words over short lines, plus one line longer than the counter's read piece (16,384 ids). */
    private EncodedCorpus corpus(long seed, int lines, int words) throws IOException {
        Generator g = new Generator(seed);
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < lines; s++) {
            int len = s == lines / 2 ? 20_000 : 1 + g.nextInt(30);
            for (int i = 0; i < len; i++) {
                if (i > 0) b.append(' ');
                b.append('w').append((int) (words * Math.pow(g.nextDouble(), 3))); // frequent low ids
                if (g.nextInt(50) == 0) b.append(" rare").append(g.nextInt(100_000)); // out of vocabulary: dropped
            }
            b.append('\n');
        }
        Path f = dir.resolve("corpus-" + seed + ".txt");
        Files.writeString(f, b);
        Corpus corpus = Corpus.file(f, Tokenizer.english());
        return EncodedCorpus.encode(corpus, Vocabulary.build(corpus, 2, Integer.MAX_VALUE));
    }

    private static List<long[]> triples(Cooccurrences c) throws IOException {
        List<long[]> out = new ArrayList<>();
        c.forEach((i, j, x) -> out.add(new long[] {i, j, Double.doubleToRawLongBits(x)}));
        assertEquals(c.size(), out.size());
        return out;
    }

    /** The definition, directly: every pair within the window of a sentence adds 1/distance both ways. */
    private static Map<Long, Double> bruteForce(EncodedCorpus corpus, int window) throws IOException {
        Map<Long, Double> m = new HashMap<>();
        corpus.forEachSentence(1 << 20, (ids, n) -> {
            for (int p = 0; p < n; p++)
                for (int q = Math.max(0, p - window); q < p; q++) {
                    m.merge((long) ids[q] << 32 | ids[p], 1.0 / (p - q), Double::sum);
                    m.merge((long) ids[p] << 32 | ids[q], 1.0 / (p - q), Double::sum);
                }
        });
        return m;
    }

    @Test
    void countsEqualABruteForceCount() throws IOException {
        for (int window : new int[] {1, 5, 15}) {
            try (EncodedCorpus corpus = corpus(window, 400, 300);
                 Cooccurrences c = Cooccurrence.count(corpus, window, 1 + window % 3, 64L << 20, false)) {
                Map<Long, Double> expected = bruteForce(corpus, window);
                List<long[]> got = triples(c);
                assertEquals(expected.size(), got.size(), "window " + window + ": distinct pairs");
                long previous = -1;
                for (long[] t : got) {
                    long key = t[0] << 32 | t[1];
                    assertTrue(key > previous, "sorted and unique");
                    previous = key;
                    double x = Double.longBitsToDouble(t[2]), want = expected.get(key);
                    assertEquals(want, x, 1e-12 * want, "window " + window + " pair " + t[0] + "," + t[1]);
                }
            }
        }
    }

    @Test
    void spillingWithATinyBudgetGivesExactlyTheInMemoryCounts() throws IOException {
        try (EncodedCorpus corpus = corpus(3, 400, 400)) {
            int v = corpus.vocabulary().size();
            List<long[]> inMemory, allDense;
            try (Cooccurrences c = Cooccurrence.count(corpus, 8, 1, (long) v * v, 1 << 24, false)) {
                allDense = triples(c);
            }
            try (Cooccurrences c = Cooccurrence.count(corpus, 8, 1, 0, 1 << 24, false)) {
                inMemory = triples(c);
            }
            assertTrue(allDense.size() > 10_000, "a corpus with many pairs: " + allDense.size());
            assertEquals(allDense.size(), inMemory.size());
            for (int k = 0; k < allDense.size(); k++) assertArrayEquals(allDense.get(k), inMemory.get(k));
            // a small dense block and a buffer of 2,000 entries: hundreds of runs to merge; threads with blocks of their own
            for (int threads : new int[] {1, 3})
                for (long dense : new long[] {0, 500}) {
                    try (Cooccurrences c = Cooccurrence.count(corpus, 8, threads, dense, 2000, false)) {
                        List<long[]> spilled = triples(c);
                        String what = threads + " threads, dense " + dense;
                        assertEquals(allDense.size(), spilled.size(), what);
                        for (int k = 0; k < allDense.size(); k++) assertArrayEquals(allDense.get(k), spilled.get(k), what + " triple " + k);
                    }
                }
        }
    }

    @Test
    void countsAreSymmetric() throws IOException {
        try (EncodedCorpus corpus = corpus(5, 200, 100);
             Cooccurrences c = Cooccurrence.count(corpus, 5, 1, 1 << 20, false)) {
            Map<Long, Double> m = new HashMap<>();
            c.forEach((i, j, x) -> m.put((long) i << 32 | j, x));
            m.forEach((key, x) -> assertEquals(x, m.get((key & 0xFFFFFFFFL) << 32 | key >>> 32)));
        }
    }

    @Test
    void theDenseBlockIsTheLargestThatFits() {
        for (int v : new int[] {1, 7, 100, 2000})
            for (long cells : new long[] {0, 1, 10, 999, 12_345, 1L << 40}) {
                long mp = Cooccurrence.maxProduct(v, cells);
                assertTrue(size(v, mp) <= cells || mp == 0, v + " words, " + cells + " cells");
                if (mp < (long) v * v) assertTrue(size(v, mp + 1) > cells, v + " words, " + cells + " cells: larger fits");
            }
    }

    private static long size(int v, long maxProduct) {
        long n = 0;
        for (long i = 1; i <= v; i++)
            for (long j = 1; j <= v; j++) if (i * j <= maxProduct) n++;
        return n;
    }

    @Test
    void windowOutsideTheExactRangeIsRefused() throws IOException {
        try (EncodedCorpus corpus = corpus(1, 10, 10)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Cooccurrence.count(corpus, Cooccurrence.MAX_WINDOW + 1, 1, 1 << 20, false));
            assertTrue(e.getMessage().contains("window"), e.getMessage());
        }
    }
}
