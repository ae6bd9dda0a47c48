package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Layer normalisation over each row of D values: a fused forward that keeps mean and 1/std, and a fused backward.
 * Rows are independent and split across threads; each row is a few {@link VectorOps} passes over memory that stays
 * in cache between them.
 */
public final class LayerNormKernel {
    private static final int GRAIN = 1 << 14;

    private LayerNormKernel() {}

    private static int rowGrain(int d) {
        return Math.max(1, GRAIN / Math.max(d, 1));
    }

    // out (m, d), mean (m), rstd (m) from x (m, d) at xo; w (d) at wo and b (d) at bo, each may be null
    public static void forward(float[] x, int xo, int m, int d, float[] w, int wo, float[] b, int bo, float eps,
                               float[] out, float[] mean, float[] rstd) {
        VectorOps v = VectorOps.get();
        // normAffine takes both or neither: a missing one of the two becomes 1s or 0s
        float[] wf = w != null ? w : b != null ? filled(d, 1f) : null, bf = b != null ? b : w != null ? filled(d, 0f) : null;
        int wof = w != null ? wo : 0, bof = b != null ? bo : 0;
        Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
            float[] sums = new float[2];
            for (int r = r0; r < r1; r++) {
                int p = xo + r * d;
                // two passes: the deviations from a first mean give the variance without cancellation, and their
                // sum corrects that mean (far from 0, a float sum of the x alone is off by several ulp)
                float mu0 = v.sumUnrolled(x, p, d) / d;
                v.sumsCentered(x, p, mu0, d, sums);
                double shift = (double) sums[0] / d, var = Math.max(0.0, (sums[1] - sums[0] * shift) / d);
                float mu = (float) (mu0 + shift), rs = (float) (1.0 / Math.sqrt(var + eps));
                mean[r] = mu;
                rstd[r] = rs;
                v.normAffine(x, p, mu, rs, wf, wof, bf, bof, out, r * d, d);
            }
        });
    }

    private static float[] filled(int d, float value) {
        float[] a = new float[d];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·w, x̂ = (x − mean)·rstd; dw = Σ_rows g·x̂; db = Σ_rows g.
     * Any of dx, dw, db may be null (not wanted); dw and db are overwritten.
     */
    // dx (m, d), dw (d), db (d) from g (m, d) at go, x (m, d) at xo, mean (m), rstd (m), w (d) at wo or null
    public static void backward(float[] g, int go, float[] x, int xo, int m, int d, float[] mean, float[] rstd,
                                float[] w, int wo, float[] dx, float[] dw, float[] db) {
        VectorOps v = VectorOps.get();
        if (dx != null) {
            Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
                float[] sums = new float[2], gw = w == null ? null : new float[d];
                for (int r = r0; r < r1; r++) {
                    int gp = go + r * d, xp = xo + r * d;
                    float mu = mean[r], rs = rstd[r];
                    float[] gh = g;
                    int ghp = gp;
                    if (w != null) {
                        v.mul(g, gp, w, wo, gw, 0, d);
                        gh = gw;
                        ghp = 0;
                    }
                    v.sumAndDotCentered(gh, ghp, x, xp, mu, d, sums);
                    float a = sums[0] / d, c = rs * sums[1] / d; // mean(ĝ), mean(ĝ·x̂)
                    // rstd·ĝ + (x − mean)·(−rstd²·c) − rstd·a
                    v.normBackward(gh, ghp, x, xp, mu, rs, -rs * rs * c, -rs * a, dx, r * d, d);
                }
            });
        }
        if (dw != null || db != null) {
            if (dw != null) Arrays.fill(dw, 0, d, 0f);
            if (db != null) Arrays.fill(db, 0, d, 0f);
            // split the columns, so that each column is summed over the rows in one fixed order
            Parallel.forRange(d, Math.max(16, GRAIN / Math.max(m, 1)), (c0, c1) -> {
                int len = c1 - c0;
                for (int r = 0; r < m; r++) {
                    int gp = go + r * d + c0, xp = xo + r * d + c0;
                    if (dw != null) v.accCenteredMul(g, gp, x, xp, mean[r], rstd[r], dw, c0, len);
                    if (db != null) v.axpy(1f, g, gp, db, c0, len);
                }
            });
        }
    }
}
