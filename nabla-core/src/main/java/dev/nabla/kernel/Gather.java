package dev.nabla.kernel;

/**
 * Index-driven copies: index_select / embedding and gather forwards, and the scatter-adds that are their
 * backwards. Indices are trusted: the ops check their range before calling.
 */
public final class Gather {
    private static final int GRAIN = 1 << 15;

    private Gather() {}

    // out (outer, k, inner) = x (outer, n, inner) at rows idx (k) of the middle dim; x contiguous from xo
    public static void indexSelect(float[] x, int xo, int outer, int n, int inner, int[] idx, float[] out) {
        int k = idx.length;
        if (inner == 0) return;
        Parallel.forRange(outer * k, Math.max(1, GRAIN / inner), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r / k, j = r - o * k;
                System.arraycopy(x, xo + (o * n + idx[j]) * inner, out, r * inner, inner);
            }
        });
    }

    // dx (outer, n, inner) += g (outer, k, inner) at rows idx (k) of the middle dim; g contiguous from go
    public static void indexAdd(float[] g, int go, int outer, int k, int inner, int[] idx, float[] dx, int n) {
        if (inner == 0 || outer == 0) return;
        VectorOps v = VectorOps.get();
        // threads own disjoint outer blocks, or disjoint columns when there is one block: repeated indices never
        // race, and every element sums its terms in index order
        if (outer > 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(1, k * inner)), (o0, o1) -> {
                for (int o = o0; o < o1; o++)
                    for (int j = 0; j < k; j++) v.axpy(1f, g, go + (o * k + j) * inner, dx, (o * n + idx[j]) * inner, inner);
            });
        } else {
            Parallel.forRange(inner, Math.max(16, GRAIN / Math.max(1, k)), (c0, c1) -> {
                for (int j = 0; j < k; j++) v.axpy(1f, g, go + j * inner + c0, dx, idx[j] * inner + c0, c1 - c0);
            });
        }
    }

    // out (ishape) = x at idx along dim: out[.., i_dim, ..] = x[.., idx[.., i_dim, ..], ..]; x strided (xs from xo), idx contiguous (ishape)
    public static void gather(float[] x, int xo, int[] xs, int dim, int[] idx, int[] ishape, float[] out) {
        int rank = ishape.length;
        int[] base = xs.clone();
        int step = rank == 0 ? 0 : xs[dim];
        if (rank > 0) base[dim] = 0;
        int last = rank == 0 ? 0 : base[rank - 1];
        Elementwise.forRows(ishape, xo, base, 0, new int[rank], (o, a, b, n) -> {
            for (int i = 0; i < n; i++) out[o + i] = x[a + i * last + idx[o + i] * step];
        });
    }

    // dst (strided: ds from dOff) += src (strided: ss from so) at idx along dim; src and idx read over ishape, idx contiguous
    public static void scatterAdd(float[] src, int so, int[] ss, int dim, int[] idx, int[] ishape, float[] dst, int dOff, int[] ds) {
        int rank = ishape.length;
        int[] base = ds.clone();
        int step = rank == 0 ? 0 : ds[dim];
        if (rank > 0) base[dim] = 0;
        int dl = rank == 0 ? 0 : base[rank - 1], sl = rank == 0 ? 0 : ss[rank - 1];
        // one thread: rows that differ only along dim may add into the same element
        Strided.rows(ishape, dOff, base, so, ss, 0, Strided.rowCount(ishape), (o, a, b, n) -> {
            for (int i = 0; i < n; i++) dst[a + i * dl + idx[o + i] * step] += src[b + i * sl];
        });
    }

    // out (m, classes) = 1 at (i, ids[i]), 0 elsewhere; out zero on entry
    public static void oneHot(int[] ids, int classes, float[] out) {
        for (int i = 0; i < ids.length; i++) out[i * classes + ids[i]] = 1f;
    }
}
