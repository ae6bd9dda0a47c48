package dev.nabla.text;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import java.util.Arrays;

/**
 * Nearest neighbours among the first {@code restrict} rows of a matrix of unit vectors, for many queries at once:
 * the scores of a block of queries against every row are one GEMM, then each query's best rows are picked in one
 * pass. Blocks bound the score matrix to {@code blockFloats} (default {@link #BLOCK_FLOATS}) whatever the number of queries.
 */
final class VectorSearch {
    static final int BLOCK_FLOATS = 1 << 23; // 32 MB of scores per block

    /** For query i, its best rows in index[i], best first, with their scores (ties: the lower row first). */
    record Result(int[][] index, float[][] score) {}

    final float[] unit; // (n, dim), rows of length 1 (or 0 for a zero vector)
    private final int dim, blockFloats;

    VectorSearch(float[] unit, int dim, int blockFloats) {
        this.unit = unit;
        this.dim = dim;
        this.blockFloats = blockFloats;
    }

    /**
     * The topN rows r < restrict with the highest dot(query i, row r), leaving out the rows exclude[i] (null: none).
     * queries is (q, dim).
     */
    Result nearest(float[] queries, int q, int restrict, int topN, int[][] exclude) {
        int[][] index = new int[q][];
        float[][] score = new float[q][];
        int block = blockRows(restrict, 1, q, blockFloats);
        float[] s = new float[block * restrict];
        for (int q0 = 0; q0 < q; q0 += block) {
            int b = Math.min(block, q - q0), first = q0;
            // s (b, restrict) = queries[q0 : q0 + b] (b, dim) · unit[0 : restrict]ᵀ
            Gemm.sgemm(false, true, b, restrict, dim, queries, q0 * dim, dim, unit, 0, dim, s, 0, restrict, false);
            Parallel.forRange(b, 1, (i0, i1) -> {
                for (int i = i0; i < i1; i++) pick(s, i * restrict, restrict, topN, exclude == null ? null : exclude[first + i], index, score, first + i);
            });
        }
        return new Result(index, score);
    }

    /**
     * gensim's most_similar_cosmul for q queries of words: for each row x < restrict, the product over positive[i] of
     * (1 + cos(x, p))/2, divided by (the product over negative[i] of (1 + cos(x, n))/2) + ε; the topN rows, leaving out
     * the query's own words. The cosines are rows of one GEMM over the distinct words of a block of queries.
     */
    Result cosMul(int[][] positive, int[][] negative, int restrict, int topN) {
        int q = positive.length;
        int[][] index = new int[q][];
        float[][] score = new float[q][];
        int perQuery = 1;
        for (int i = 0; i < q; i++) perQuery = Math.max(perQuery, positive[i].length + negative[i].length);
        int block = blockRows(restrict, perQuery, q, blockFloats);
        int[] slotOf = new int[unit.length / dim];
        Arrays.fill(slotOf, -1);
        int[] wordOfSlot = new int[block * perQuery];
        float[] rows = new float[block * perQuery * dim], cos = new float[block * perQuery * restrict];
        for (int q0 = 0; q0 < q; q0 += block) {
            int b = Math.min(block, q - q0), first = q0, u = 0;
            for (int i = q0; i < q0 + b; i++)
                for (int[] words : new int[][] {positive[i], negative[i]})
                    for (int w : words)
                        if (slotOf[w] < 0) {
                            System.arraycopy(unit, w * dim, rows, u * dim, dim);
                            wordOfSlot[u] = w;
                            slotOf[w] = u++;
                        }
            // cos (u, restrict) = rows (u, dim) · unit[0 : restrict]ᵀ
            Gemm.sgemm(false, true, u, restrict, dim, rows, 0, dim, unit, 0, dim, cos, 0, restrict, false);
            Parallel.forRange(b, 1, (i0, i1) -> {
                float[] s = new float[restrict];
                for (int i = first + i0; i < first + i1; i++) {
                    int[] po = offsets(positive[i], slotOf, restrict), no = offsets(negative[i], slotOf, restrict);
                    for (int r = 0; r < restrict; r++) {
                        float num = 1, den = 1;
                        for (int o : po) num *= (1 + cos[o + r]) / 2;
                        for (int o : no) den *= (1 + cos[o + r]) / 2;
                        s[r] = num / (den + Analogy.EPSILON);
                    }
                    pick(s, 0, restrict, topN, concat(positive[i], negative[i]), index, score, i);
                }
            });
            for (int k = 0; k < u; k++) slotOf[wordOfSlot[k]] = -1;
        }
        return new Result(index, score);
    }

    /** Queries per block: as many as keep (rows per query × queries) × restrict scores within blockFloats. */
    private static int blockRows(int restrict, int rowsPerQuery, int q, int blockFloats) {
        return (int) Math.max(1, Math.min(q, blockFloats / ((long) restrict * rowsPerQuery)));
    }

    /** Where each word's row of cosines starts. */
    private static int[] offsets(int[] words, int[] slotOf, int restrict) {
        int[] o = new int[words.length];
        for (int k = 0; k < o.length; k++) o[k] = slotOf[words[k]] * restrict;
        return o;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The topN highest of s[off, off + n), NaN and excluded positions left out, into index[at] and score[at]. */
    static void pick(float[] s, int off, int n, int topN, int[] exclude, int[][] index, float[][] score, int at) {
        int k = Math.max(0, Math.min(topN, n));
        if (k == 0) {
            index[at] = new int[0];
            score[at] = new float[0];
            return;
        }
        int[] best = new int[k];
        float[] top = new float[k];
        int count = 0;
        for (int j = 0; j < n; j++) {
            float v = s[off + j];
            if (count == k ? !(v > top[k - 1]) : v != v) continue; // not better than the worst kept, or NaN
            if (exclude != null && contains(exclude, j)) continue;
            int p = count == k ? k - 1 : count++;
            for (; p > 0 && top[p - 1] < v; p--) { // equal scores keep the earlier row first
                top[p] = top[p - 1];
                best[p] = best[p - 1];
            }
            top[p] = v;
            best[p] = j;
        }
        index[at] = count == k ? best : Arrays.copyOf(best, count);
        score[at] = count == k ? top : Arrays.copyOf(top, count);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }
}
