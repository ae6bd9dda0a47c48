package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyedVectorsTest {
    @Test
    void rowsFollowTheVocabulary() {
        var kv = new KeyedVectors(List.of("the", "cat"), 2, new float[] {1, 2, 3, 4});
        assertEquals(2, kv.size());
        assertEquals(1, kv.indexOf("cat"));
        assertEquals(-1, kv.indexOf("dog"));
        assertArrayEquals(new float[] {3, 4}, kv.vector("cat"));
    }

    @Test
    void badShapesAndDuplicatesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KeyedVectors(List.of("a"), 2, new float[3]));
        assertTrue(e.getMessage().contains("needs 2 floats, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KeyedVectors(List.of("a", "a"), 1, new float[2]));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
    }

    // man and woman differ along x/y, their royal counterparts add z; fruit and vehicle words lie elsewhere
    private static final List<String> WORDS = List.of("man", "woman", "king", "queen", "apple", "car", "pear", "truck");
    private static final float[] V = {
            1, 0, 0.2f,
            0, 1, 0.2f,
            1, 0, 1.2f,
            0, 1, 1.2f,
            -1, -1, 0,
            1, -1, -1,
            -1, -0.9f, 0.1f,
            0.9f, -1, -1.1f};

    private static double[] unit(int i) {
        double[] u = {V[3 * i], V[3 * i + 1], V[3 * i + 2]};
        double n = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        for (int k = 0; k < 3; k++) u[k] /= n;
        return u;
    }

    private static double cos(double[] a, double[] b) {
        double d = 0, na = 0, nb = 0;
        for (int k = 0; k < a.length; k++) {
            d += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void similarityIsTheCosine() {
        var kv = new KeyedVectors(WORDS, 3, V.clone());
        assertEquals(cos(unit(0), unit(2)), kv.similarity("man", "king"), 1e-6);
        assertEquals(1.0, kv.similarity("car", "car"), 1e-6);
        assertEquals(cos(unit(5), unit(1)), kv.similarity("car", "woman"), 1e-6);
        assertEquals(kv.similarity("woman", "car"), kv.similarity("car", "woman"));
    }

    @Test
    void mostSimilarRanksByCosineAndLeavesTheQueryOut() {
        var kv = new KeyedVectors(WORDS, 3, V.clone());
        var m = kv.mostSimilar("apple", 2);
        assertEquals(List.of("pear", "truck"), m.stream().map(KeyedVectors.Match::word).toList());
        assertEquals(cos(unit(4), unit(6)), m.getFirst().score(), 1e-6);
        // a vector leaves nothing out; its length does not matter
        assertEquals("apple", kv.mostSimilar(new float[] {-3, -3, 0}, 1).getFirst().word());
        // restrictVocab: only the first 4 words can answer
        assertEquals(List.of("man", "woman", "king", "queen"),
                kv.mostSimilar(List.of("car"), List.of(), 10, 4).stream().map(KeyedVectors.Match::word).sorted(
                        (a, b) -> WORDS.indexOf(a) - WORDS.indexOf(b)).toList());
    }

    @Test
    void analogiesByBothMethodsWithGensimsScores() {
        var kv = new KeyedVectors(WORDS, 3, V.clone());
        double[] m = unit(0), w = unit(1), k = unit(2), q = unit(3);
        // man : king :: woman : ?  -> queen
        var add = kv.analogy("man", "king", "woman", Analogy.COS_ADD, 3, kv.size());
        assertEquals("queen", add.getFirst().word());
        double[] target = new double[3];
        for (int i = 0; i < 3; i++) target[i] = k[i] + w[i] - m[i];
        assertEquals(cos(q, target), add.getFirst().score(), 1e-6);
        assertTrue(add.stream().noneMatch(x -> List.of("man", "king", "woman").contains(x.word())));

        var mul = kv.analogy("man", "king", "woman", Analogy.COS_MUL, 3, kv.size());
        assertEquals("queen", mul.getFirst().word());
        double want = (1 + cos(q, k)) / 2 * ((1 + cos(q, w)) / 2) / ((1 + cos(q, m)) / 2 + 1e-6);
        assertEquals(want, mul.getFirst().score(), 1e-5);
        // restricted to the first 3 words, every answer is excluded: none left
        assertEquals(List.of(), kv.analogy("man", "king", "woman", Analogy.COS_MUL, 3, 3));
        assertEquals("queen", kv.analogies(List.of(List.of("man", "king", "woman"), List.of("woman", "queen", "man")), Analogy.COS_ADD, 1, 8)
                .getFirst().getFirst().word());
        assertEquals("king", kv.analogies(List.of(List.of("man", "king", "woman"), List.of("woman", "queen", "man")), Analogy.COS_MUL, 1, 8)
                .get(1).getFirst().word());
    }

    @Test
    void unknownWordsAreNamed() {
        var kv = new KeyedVectors(WORDS, 3, V.clone());
        var e = assertThrows(IllegalArgumentException.class, () -> kv.similarity("man", "King"));
        assertTrue(e.getMessage().contains("'King' is not in the vocabulary of 8 words ('king' is)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kv.analogy("man", "king", "prince", Analogy.COS_MUL, 1, 8));
        assertTrue(e.getMessage().contains("'prince'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kv.mostSimilar(new float[3], 1));
    }

    /** Brute force in double: the reference for the blocked GEMM search. */
    private static int[] bruteForce(float[] unit, int dim, int restrict, double[] score, int topN, List<Integer> exclude) {
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < restrict; r++) if (!exclude.contains(r)) order.add(r);
        order.sort((a, b) -> Double.compare(score[b], score[a]));
        return order.subList(0, topN).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void blockedBatchSearchMatchesBruteForce() {
        int n = 700, dim = 24, q = 90, restrict = 650, topN = 5;
        var rnd = new SplittableRandom(7);
        List<String> words = new ArrayList<>();
        float[] v = new float[n * dim];
        for (int i = 0; i < n; i++) words.add("w" + i);
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        var kv = new KeyedVectors(words, dim, v);
        float[] unit = kv.search().unit;
        var search = new VectorSearch(unit, dim, 3000); // blocks of a few queries: many GEMMs
        int[][] abc = new int[q][];
        for (int i = 0; i < q; i++) abc[i] = new int[] {rnd.nextInt(n), rnd.nextInt(n), rnd.nextInt(n)};
        int[][] pos = new int[q][], neg = new int[q][];
        float[] queries = new float[q * dim];
        for (int i = 0; i < q; i++) {
            pos[i] = new int[] {abc[i][1], abc[i][2]};
            neg[i] = new int[] {abc[i][0]};
            for (int k = 0; k < dim; k++) queries[i * dim + k] = unit[abc[i][1] * dim + k] + unit[abc[i][2] * dim + k] - unit[abc[i][0] * dim + k];
        }
        var add = search.nearest(queries, q, restrict, topN, abc);
        var mul = search.cosMul(pos, neg, restrict, topN);
        var addDefault = kv.analogies(abc, Analogy.COS_ADD, topN, restrict);
        for (int i = 0; i < q; i++) {
            double[] sa = new double[restrict], sm = new double[restrict];
            double[] qa = new double[dim];
            for (int k = 0; k < dim; k++) qa[k] = queries[i * dim + k];
            for (int r = 0; r < restrict; r++) {
                double[] x = new double[dim];
                for (int k = 0; k < dim; k++) x[k] = unit[r * dim + k];
                sa[r] = cos(x, qa);
                double[][] u = new double[3][dim];
                for (int j = 0; j < 3; j++) for (int k = 0; k < dim; k++) u[j][k] = unit[abc[i][j] * dim + k];
                sm[r] = (1 + cos(x, u[1])) / 2 * ((1 + cos(x, u[2])) / 2) / ((1 + cos(x, u[0])) / 2 + 1e-6);
            }
            List<Integer> ex = List.of(abc[i][0], abc[i][1], abc[i][2]);
            assertArrayEquals(bruteForce(unit, dim, restrict, sa, topN, ex), addDefault.index()[i], "3CosAdd, query " + i);
            assertArrayEquals(bruteForce(unit, dim, restrict, sm, topN, ex), mul.index()[i], "3CosMul, query " + i);
            for (int t = 0; t < topN; t++) {
                assertEquals(sm[mul.index()[i][t]], mul.score()[i][t], 1e-5);
                // unnormalised queries score dot products: same order as the cosines
                assertEquals(add.index()[i][t], addDefault.index()[i][t]);
            }
        }
    }

    @Test
    void pickKeepsTheEarlierOfEqualScores() {
        float[] s = {1, 3, 3, 2, 3, Float.NaN, 5};
        int[][] idx = new int[1][];
        float[][] sc = new float[1][];
        VectorSearch.pick(s, 0, s.length, 4, new int[] {6}, idx, sc, 0);
        assertArrayEquals(new int[] {1, 2, 4, 3}, idx[0]);
        VectorSearch.pick(s, 0, 3, 10, null, idx, sc, 0);
        assertArrayEquals(new int[] {1, 2, 0}, idx[0]);
    }
}
