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

    // out (outer, n, inner) = softmax, or log_softmax, over n of x (outer, n, inner)
    public static void forward(float[] x, int xo, int outer, int n, int inner, boolean log, float[] out) {
        VectorOps v = VectorOps.get();
        Reduce.slices(outer, n, inner, (o, c0, c1, m, s) -> {
            int base = o * n * inner;
            if (inner == 1) {
                int xb = xo + base;
                float mx = v.maxUnrolled(x, xb, n);
                if (log) {
                    float sum = v.sumExpShifted(x, xb, mx, n);
                    v.scaleShift(x, xb, 1f, -(mx + (float) Math.log(sum)), out, base, n);
                } else {
                    float sum = v.expShifted(x, xb, mx, out, base, n);
                    v.scaleShift(out, base, 1f / sum, 0f, out, base, n);
                }
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

    // gx (outer, n, inner) from y = the forward output and g = its gradient, both (outer, n, inner):
    // softmax gx = y * (g - sum_n(g * y)); log_softmax gx = g - exp(y) * sum_n(g)
    public static void backward(float[] y, int yo, float[] g, int go, int outer, int n, int inner, boolean log, float[] gx) {
        VectorOps v = VectorOps.get();
        Reduce.slices(outer, n, inner, (o, c0, c1, s, unused) -> {
            int base = o * n * inner;
            if (inner == 1) {
                int yb = yo + base, gb = go + base;
                if (log) v.subScaledExp(g, gb, y, yb, v.sumUnrolled(g, gb, n), gx, base, n);
                else v.addMul(g, gb, -v.dot(g, gb, y, yb, n), y, yb, gx, base, n);
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
