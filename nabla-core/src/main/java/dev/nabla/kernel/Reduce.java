package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Reduction kernels over contiguous layouts. Most read x as (outer, n, inner): the reduced dims are the middle
 * run of n, and each output (o, c) reads x[o, 0..n, c]. With inner == 1 that is one contiguous row per output;
 * otherwise a block of neighbouring columns is reduced together, so every pass over a row of the block is a
 * contiguous run of memory.
 */
public final class Reduce {
    static final int GRAIN = 1 << 15; // elements per chunk before work is split across threads
    static final int COLS = 256;      // columns reduced together, and the size of each scratch buffer

    private Reduce() {}

    /** Work on outputs (o, c0..c1) of an (outer, n, inner) layout, with two scratch buffers of {@link #COLS} floats. */
    @FunctionalInterface
    interface Slice {
        void run(int o, int c0, int c1, float[] s0, float[] s1);
    }

    /** Runs body over every (outer index, column block) slice, split across threads when the work is large. */
    static void slices(int outer, int n, int inner, Slice body) {
        if (outer == 0 || inner == 0) return;
        int blk = Math.min(inner, COLS);
        int blocks = (inner + blk - 1) / blk;
        int grain = Math.max(1, GRAIN / Math.max(1, n * blk));
        Parallel.forRange(outer * blocks, grain, (u0, u1) -> {
            float[] s0 = new float[COLS], s1 = new float[COLS];
            for (int u = u0; u < u1; u++) {
                int o = u / blocks, c0 = (u - o * blocks) * blk;
                body.run(o, c0, Math.min(inner, c0 + blk), s0, s1);
            }
        });
    }

    /**
     * Float sums of runs of this many elements are added up in double: a long sum in float alone drifts by about n·ε
     * (0.1% on 157k pixel values), by runs about RUN·ε, as PyTorch's cascade sums. A vector sum spreads a run over
     * its lanes (64 adds each); a sum down rows adds one value a row, so its runs are {@link #ROW_RUN} rows.
     */
    static final int RUN = 1 << 10, ROW_RUN = 64;

    /** Sum of x[xo, xo + n), by runs of {@link #RUN}. */
    static float sum(VectorOps v, float[] x, int xo, int n) {
        if (n <= RUN) return v.sum(x, xo, n);
        double s = 0;
        for (int i = 0; i < n; i += RUN) s += v.sum(x, xo + i, Math.min(RUN, n - i));
        return (float) s;
    }

    /**
     * out[oo, oo + len) = sum over rows r &lt; n of x[base + r·stride, + len): rows added in float by runs of
     * {@link #ROW_RUN}, the runs in double; part (len floats) and total (len doubles) are scratch.
     */
    static void sumRows(VectorOps v, float[] x, int base, int stride, int n, int len, float[] part, double[] total, float[] out, int oo) {
        Arrays.fill(total, 0, len, 0);
        for (int r0 = 0; r0 < n; r0 += ROW_RUN) {
            Arrays.fill(part, 0, len, 0f);
            for (int r = r0, r1 = Math.min(n, r0 + ROW_RUN); r < r1; r++) v.axpy(1f, x, base + r * stride, part, 0, len);
            for (int c = 0; c < len; c++) total[c] += part[c];
        }
        for (int c = 0; c < len; c++) out[oo + c] = (float) total[c];
    }

    // out (outer) = sum over inner of x (outer, inner)
    public static void sumInner(float[] x, int xo, int outer, int inner, float[] out) {
        VectorOps v = VectorOps.get();
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(inner, 1)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) out[r] = sum(v, x, xo + r * inner, inner);
        });
    }

    // out (inner) = sum over outer of x (outer, inner)
    public static void sumOuter(float[] x, int xo, int outer, int inner, float[] out) {
        VectorOps v = VectorOps.get();
        if (inner == 1) { // one contiguous run: its runs' sums in parallel, added in order (the bits of sum())
            int runs = (outer + RUN - 1) / RUN;
            double[] partial = new double[runs];
            Parallel.forRange(runs, GRAIN / RUN, (b0, b1) -> {
                for (int b = b0; b < b1; b++) partial[b] = v.sum(x, xo + b * RUN, Math.min(RUN, outer - b * RUN));
            });
            double s = 0;
            for (double p : partial) s += p;
            out[0] = (float) s;
            return;
        }
        // split the columns across threads, so each output is summed in one fixed order
        Parallel.forRange(inner, Math.max(16, GRAIN / Math.max(outer, 1)), (c0, c1) -> {
            float[] part = new float[COLS];
            double[] total = new double[COLS];
            for (int c = c0; c < c1; c += COLS)
                sumRows(v, x, xo + c, inner, outer, Math.min(COLS, c1 - c), part, total, out, c);
        });
    }

    // val (outer, inner), idx (outer, inner) = max (or min) over n >= 1 of x (outer, n, inner), at its first occurrence;
    // NaN counts as the extreme (the first NaN wins), as PyTorch
    public static void extreme(float[] x, int xo, int outer, int n, int inner, boolean min, float[] val, int[] idx) {
        VectorOps v = VectorOps.get();
        slices(outer, n, inner, (o, c0, c1, s0, s1) -> {
            int base = xo + o * n * inner, ob = o * inner;
            if (inner == 1) {
                int k = min ? firstMin(x, base, n) : firstMax(v, x, base, n);
                val[o] = x[base + k];
                idx[o] = k;
                return;
            }
            for (int c = c0; c < c1; c++) {
                val[ob + c] = x[base + c];
                idx[ob + c] = 0;
            }
            for (int r = 1; r < n; r++) {
                int p = base + r * inner;
                for (int c = c0; c < c1; c++) {
                    float cur = val[ob + c], y = x[p + c];
                    boolean better = min ? y < cur : y > cur;
                    if (better || (y != y && cur == cur)) {
                        val[ob + c] = y;
                        idx[ob + c] = r;
                    }
                }
            }
        });
    }

    private static int firstMax(VectorOps v, float[] x, int off, int n) {
        float m = v.max(x, off, n);
        boolean nan = Float.isNaN(m);
        for (int i = 0; i < n; i++) {
            float y = x[off + i];
            if (nan ? y != y : y == m) return i;
        }
        return 0;
    }

    private static int firstMin(float[] x, int off, int n) {
        int k = 0;
        float m = x[off];
        for (int i = 1; i < n && m == m; i++) {
            float y = x[off + i];
            if (y < m || y != y) {
                m = y;
                k = i;
            }
        }
        return k;
    }

    // gx (n) = g / count at the elements of x (n) equal to m (NaN matches NaN), 0 elsewhere
    public static void spreadTies(float[] x, int xo, int n, float m, float g, float[] gx) {
        boolean nan = Float.isNaN(m);
        int count = 0;
        for (int i = 0; i < n; i++) {
            float y = x[xo + i];
            if (nan ? y != y : y == m) count++;
        }
        float share = g / count;
        for (int i = 0; i < n; i++) {
            float y = x[xo + i];
            if (nan ? y != y : y == m) gx[i] = share;
        }
    }

    // gx (outer, n, inner) = g (outer, inner) at [o, idx[o, c], c], 0 elsewhere; gx starts zeroed
    public static void scatter(float[] g, int[] idx, int outer, int n, int inner, float[] gx) {
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner, ob = o * inner;
            for (int c = 0; c < inner; c++) gx[base + idx[ob + c] * inner + c] = g[ob + c];
        }
    }

    // mean (outer, inner), m2 (outer, inner) = mean and sum of squared deviations over n of x (outer, n, inner)
    public static void moments(float[] x, int xo, int outer, int n, int inner, float[] mean, float[] m2) {
        VectorOps v = VectorOps.get();
        slices(outer, n, inner, (o, c0, c1, dev, acc) -> {
            int base = xo + o * n * inner, ob = o * inner;
            if (inner == 1) {
                float mu = sum(v, x, base, n) / n;
                // two passes: deviations from the mean, squared in blocks, keep precision for large means
                double s = 0;
                for (int i = 0; i < n; i += COLS) {
                    int len = Math.min(COLS, n - i);
                    v.scaleShift(x, base + i, 1f, -mu, dev, 0, len);
                    s += v.dot(dev, 0, dev, 0, len);
                }
                mean[o] = mu;
                m2[o] = (float) s;
                return;
            }
            int len = c1 - c0;
            double[] total = new double[COLS];
            sumRows(v, x, base + c0, inner, n, len, acc, total, mean, ob + c0);
            for (int c = 0; c < len; c++) mean[ob + c0 + c] /= n;
            Arrays.fill(total, 0, len, 0);
            for (int r0 = 0; r0 < n; r0 += ROW_RUN) {
                Arrays.fill(acc, 0, len, 0f);
                for (int r = r0, r1 = Math.min(n, r0 + ROW_RUN); r < r1; r++) {
                    int p = base + r * inner + c0;
                    for (int c = 0; c < len; c++) {
                        float d = x[p + c] - mean[ob + c0 + c];
                        acc[c] += d * d;
                    }
                }
                for (int c = 0; c < len; c++) total[c] += acc[c];
            }
            for (int c = 0; c < len; c++) m2[ob + c0 + c] = (float) total[c];
        });
    }

    // out (outer, n, inner) = (x (outer, n, inner) - mean (outer, inner)) * coef (outer, inner)
    public static void centeredScale(float[] x, int xo, int outer, int n, int inner, float[] mean, float[] coef, float[] out) {
        slices(outer, n, inner, (o, c0, c1, s0, s1) -> {
            int base = o * n * inner, ob = o * inner;
            if (inner == 1) {
                float mu = mean[o], k = coef[o];
                for (int i = 0; i < n; i++) out[base + i] = (x[xo + base + i] - mu) * k;
                return;
            }
            for (int r = 0; r < n; r++) {
                int p = base + r * inner;
                for (int c = c0; c < c1; c++) out[p + c] = (x[xo + p + c] - mean[ob + c]) * coef[ob + c];
            }
        });
    }

    // out (outer, inner) = log of the sum over n of exp(x (outer, n, inner)), shifted by the max;
    // an infinite max shifts by 0 (as PyTorch), so all -inf gives -inf and +inf gives +inf
    public static void logsumexp(float[] x, int xo, int outer, int n, int inner, float[] out) {
        VectorOps v = VectorOps.get();
        slices(outer, n, inner, (o, c0, c1, m, s) -> {
            int base = xo + o * n * inner, ob = o * inner;
            if (inner == 1) {
                float mx = v.maxUnrolled(x, base, n);
                if (Float.isInfinite(mx)) mx = 0f;
                out[o] = (float) (Math.log(v.sumExpShifted(x, base, mx, n)) + mx);
                return;
            }
            int len = c1 - c0;
            Arrays.fill(m, 0, len, Float.NEGATIVE_INFINITY);
            Arrays.fill(s, 0, len, 0f);
            for (int r = 0; r < n; r++) {
                int p = base + r * inner + c0;
                for (int c = 0; c < len; c++) m[c] = Math.max(m[c], x[p + c]);
            }
            for (int c = 0; c < len; c++) if (Float.isInfinite(m[c])) m[c] = 0f;
            for (int r = 0; r < n; r++) {
                int p = base + r * inner + c0;
                for (int c = 0; c < len; c++) s[c] += (float) Math.exp(x[p + c] - m[c]);
            }
            for (int c = 0; c < len; c++) out[ob + c0 + c] = (float) (Math.log(s[c]) + m[c]);
        });
    }

    // out (outer, n, inner) = coef (outer, inner) * exp(x (outer, n, inner) - shift (outer, inner))
    public static void expScale(float[] x, int xo, int outer, int n, int inner, float[] shift, float[] coef, float[] out) {
        VectorOps v = VectorOps.get();
        slices(outer, n, inner, (o, c0, c1, s0, s1) -> {
            int base = o * n * inner, ob = o * inner;
            if (inner == 1) {
                v.expScaleShift(x, xo + base, shift[o], coef[o], 0f, out, base, n);
                return;
            }
            for (int r = 0; r < n; r++) {
                int p = base + r * inner;
                for (int c = c0; c < c1; c++) out[p + c] = coef[ob + c] * (float) Math.exp(x[xo + p + c] - shift[ob + c]);
            }
        });
    }
}
