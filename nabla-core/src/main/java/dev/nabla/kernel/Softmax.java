package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Softmax and log-softmax over the middle dim of an (outer, n, inner) contiguous layout (see {@link Reduce}),
 * with their fused backward formulas. The max is subtracted first, so large inputs do not overflow; a row
 * that is all -inf gives NaN, as in PyTorch. Every pass is a {@link VectorOps} loop over a contiguous run: a whole
 * row when inner == 1, else a block of neighbouring columns (with per-column max and sum in the scratch buffers).
 */
public final class Softmax {
    private Softmax() {}

    // returns out (outer, n, inner) = softmax, or log_softmax, over n of x (outer, n, inner), in a new array; for
    // large rows the array is allocated while the other threads find each row's max (the same bits as forward into out)
    public static float[] forward(float[] x, int xo, int outer, int n, int inner, boolean log) {
        int size = outer * n * inner;
        if (inner != 1 || !Parallel.overlapsAllocation(size)) {
            float[] out = new float[size];
            forward(x, xo, outer, n, inner, log, out);
            return out;
        }
        VectorOps v = VectorOps.get();
        float[] max = new float[outer];
        float[] out = Parallel.allocateDuring(size, outer, (r0, r1) -> {
            for (int r = r0; r < r1; r++) max[r] = v.maxUnrolled(x, xo + r * n, n);
        });
        Parallel.forRange(outer, rowGrain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) row(v, x, xo + r * n, max[r], log, out, r * n, n);
        });
        return out;
    }

    // out (outer, n, inner) = softmax, or log_softmax, over n of x (outer, n, inner)
    public static void forward(float[] x, int xo, int outer, int n, int inner, boolean log, float[] out) {
        VectorOps v = VectorOps.get();
        Reduce.slices(outer, n, inner, (o, c0, c1, m, s) -> {
            int base = o * n * inner;
            if (inner == 1) {
                row(v, x, xo + base, v.maxUnrolled(x, xo + base, n), log, out, base, n);
                return;
            }
            int len = c1 - c0;
            Arrays.fill(m, 0, len, Float.NEGATIVE_INFINITY);
            Arrays.fill(s, 0, len, 0f);
            for (int r = 0; r < n; r++) {
                int p = xo + base + r * inner + c0;
                for (int c = 0; c < len; c++) m[c] = Math.max(m[c], x[p + c]);
            }
            for (int r = 0; r < n; r++) {
                int p = base + r * inner + c0;
                v.sub(x, xo + p, m, 0, out, p, len);
                v.expScaleShift(out, p, 0f, 1f, 0f, out, p, len);
                v.axpy(1f, out, p, s, 0, len);
            }
            if (log) {
                for (int c = 0; c < len; c++) m[c] += (float) Math.log(s[c]); // the shift: max + log(sum)
                for (int r = 0; r < n; r++) v.sub(x, xo + base + r * inner + c0, m, 0, out, base + r * inner + c0, len);
            } else {
                for (int c = 0; c < len; c++) s[c] = 1f / s[c];
                for (int r = 0; r < n; r++) v.mul(out, base + r * inner + c0, s, 0, out, base + r * inner + c0, len);
            }
        });
    }

    // out (n) = softmax, or log_softmax, of the row x (n) whose max is known
    private static void row(VectorOps v, float[] x, int xb, float max, boolean log, float[] out, int ob, int n) {
        if (log) {
            float sum = v.sumExpShifted(x, xb, max, n);
            v.scaleShift(x, xb, 1f, -(max + (float) Math.log(sum)), out, ob, n);
        } else {
            float sum = v.expShifted(x, xb, max, out, ob, n);
            v.scaleShift(out, ob, 1f / sum, 0f, out, ob, n);
        }
    }

    private static int rowGrain(int n) {
        return Math.max(1, Reduce.GRAIN / Math.max(n, 1));
    }

    // returns gx (outer, n, inner) as backward into gx, in a new array; for large rows the array is allocated while
    // the other threads take each row's sum (of g·y for softmax, of g for log_softmax)
    public static float[] backward(float[] y, int yo, float[] g, int go, int outer, int n, int inner, boolean log) {
        int size = outer * n * inner;
        if (inner != 1 || !Parallel.overlapsAllocation(size)) {
            float[] gx = new float[size];
            backward(y, yo, g, go, outer, n, inner, log, gx);
            return gx;
        }
        VectorOps v = VectorOps.get();
        float[] sum = new float[outer];
        float[] gx = Parallel.allocateDuring(size, outer, (r0, r1) -> {
            for (int r = r0; r < r1; r++) sum[r] = rowSum(v, y, yo + r * n, g, go + r * n, log, n);
        });
        Parallel.forRange(outer, rowGrain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) rowBackward(v, y, yo + r * n, g, go + r * n, sum[r], log, gx, r * n, n);
        });
        return gx;
    }

    private static float rowSum(VectorOps v, float[] y, int yb, float[] g, int gb, boolean log, int n) {
        return log ? v.sumUnrolled(g, gb, n) : v.dot(g, gb, y, yb, n);
    }

    private static void rowBackward(VectorOps v, float[] y, int yb, float[] g, int gb, float sum, boolean log, float[] gx, int ob, int n) {
        if (log) v.subScaledExp(g, gb, y, yb, sum, gx, ob, n);
        else v.addMul(g, gb, -sum, y, yb, gx, ob, n);
    }

    // gx (outer, n, inner) from y = the forward output and g = its gradient, both (outer, n, inner):
    // softmax gx = y * (g - sum_n(g * y)); log_softmax gx = g - exp(y) * sum_n(g)
    public static void backward(float[] y, int yo, float[] g, int go, int outer, int n, int inner, boolean log, float[] gx) {
        VectorOps v = VectorOps.get();
        Reduce.slices(outer, n, inner, (o, c0, c1, s, unused) -> {
            int base = o * n * inner;
            if (inner == 1) {
                int yb = yo + base, gb = go + base;
                rowBackward(v, y, yb, g, gb, rowSum(v, y, yb, g, gb, log, n), log, gx, base, n);
                return;
            }
            int len = c1 - c0;
            Arrays.fill(s, 0, len, 0f);
            for (int r = 0; r < n; r++) {
                int p = base + r * inner + c0;
                if (log) v.axpy(1f, g, go + p, s, 0, len);
                else for (int c = 0; c < len; c++) s[c] += g[go + p + c] * y[yo + p + c];
            }
            for (int r = 0; r < n; r++) {
                int p = base + r * inner + c0;
                if (log) {
                    v.expScaleShift(y, yo + p, 0f, 1f, 0f, gx, p, len);
                    v.mul(gx, p, s, 0, gx, p, len);
                    v.sub(g, go + p, gx, p, gx, p, len);
                } else {
                    v.sub(g, go + p, s, 0, gx, p, len);
                    v.mul(gx, p, y, yo + p, gx, p, len);
                }
            }
        });
    }
}
