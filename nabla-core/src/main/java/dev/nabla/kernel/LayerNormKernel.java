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

    // returns out (m, d) and fills mean (m), rstd (m), from x (m, d) at xo; w (d) at wo and b (d) at bo, each may be
    // null. A large out is allocated while the other threads take every row's statistics (the same bits as row by row)
    public static float[] forward(float[] x, int xo, int m, int d, float[] w, int wo, float[] b, int bo, float eps,
                                  float[] mean, float[] rstd) {
        VectorOps v = VectorOps.get();
        // normAffine takes both or neither: a missing one of the two becomes 1s or 0s
        float[] wf = w != null ? w : b != null ? filled(d, 1f) : null, bf = b != null ? b : w != null ? filled(d, 0f) : null;
        int wof = w != null ? wo : 0, bof = b != null ? bo : 0;
        if (!Parallel.overlapsAllocation((long) m * d)) {
            float[] out = new float[m * d];
            Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
                float[] sums = new float[2];
                for (int r = r0; r < r1; r++) {
                    int p = xo + r * d;
                    float mu0 = v.sumUnrolled(x, p, d) / d; // as stats()
                    v.sumsCentered(x, p, mu0, d, sums);
                    double shift = (double) sums[0] / d, var = Math.max(0.0, (sums[1] - sums[0] * shift) / d);
                    float mu = (float) (mu0 + shift), rs = (float) (1.0 / Math.sqrt(var + eps));
                    mean[r] = mu;
                    rstd[r] = rs;
                    v.normAffine(x, p, mu, rs, wf, wof, bf, bof, out, r * d, d);
                }
            });
            return out;
        }
        float[] out = Parallel.allocateDuring(m * d, m, (r0, r1) -> {
            float[] sums = new float[2];
            for (int r = r0; r < r1; r++) stats(v, x, xo + r * d, d, eps, sums, mean, rstd, r);
        });
        Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
            for (int r = r0; r < r1; r++) v.normAffine(x, xo + r * d, mean[r], rstd[r], wf, wof, bf, bof, out, r * d, d);
        });
        return out;
    }

    // mean[r], rstd[r] of the row x (d) at p; sums is scratch
    private static void stats(VectorOps v, float[] x, int p, int d, float eps, float[] sums, float[] mean, float[] rstd, int r) {
        // two passes: the deviations from a first mean give the variance without cancellation, and their sum
        // corrects that mean (far from 0, a float sum of the x alone is off by several ulp)
        float mu0 = v.sumUnrolled(x, p, d) / d;
        v.sumsCentered(x, p, mu0, d, sums);
        double shift = (double) sums[0] / d, var = Math.max(0.0, (sums[1] - sums[0] * shift) / d);
        mean[r] = (float) (mu0 + shift);
        rstd[r] = (float) (1.0 / Math.sqrt(var + eps));
    }

    private static float[] filled(int d, float value) {
        float[] a = new float[d];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·w, x̂ = (x − mean)·rstd, as dx = rstd·ĝ + (x − mean)·k1 + k0
     * with k1 = −rstd²·mean(ĝ·x̂) and k0 = −rstd·mean(ĝ). A large dx is allocated while the other threads take every
     * row's k0 and k1 (the same bits as row by row).
     */
    // returns dx (m, d) from g (m, d) at go, x (m, d) at xo, mean (m), rstd (m), w (d) at wo or null
    public static float[] inputGradient(float[] g, int go, float[] x, int xo, int m, int d, float[] mean, float[] rstd,
                                        float[] w, int wo) {
        VectorOps v = VectorOps.get();
        if (!Parallel.overlapsAllocation((long) m * d)) { // row by row, each row in cache for both steps
            float[] dx = new float[m * d];
            Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
                float[] sums = new float[2], gw = w == null ? null : new float[d];
                for (int r = r0; r < r1; r++) {
                    float[] gh = scaled(v, g, go + r * d, w, wo, gw, d);
                    int ghp = gh == g ? go + r * d : 0;
                    float mu = mean[r], rs = rstd[r];
                    v.sumAndDotCentered(gh, ghp, x, xo + r * d, mu, d, sums);
                    float a = sums[0] / d, c = rs * sums[1] / d; // as coefficients()
                    v.normBackward(gh, ghp, x, xo + r * d, mu, rs, -rs * rs * c, -rs * a, dx, r * d, d);
                }
            });
            return dx;
        }
        float[] k0 = new float[m], k1 = new float[m];
        float[] dx = Parallel.allocateDuring(m * d, m, (r0, r1) -> {
            float[] sums = new float[2], gw = w == null ? null : new float[d];
            for (int r = r0; r < r1; r++) {
                float[] gh = scaled(v, g, go + r * d, w, wo, gw, d);
                coefficients(v, gh, gh == g ? go + r * d : 0, x, xo + r * d, mean[r], rstd[r], d, sums, k0, k1, r);
            }
        });
        Parallel.forRange(m, rowGrain(d), (r0, r1) -> {
            float[] gw = w == null ? null : new float[d];
            for (int r = r0; r < r1; r++) {
                float[] gh = scaled(v, g, go + r * d, w, wo, gw, d); // again: keeping every row's ĝ would cost an (m, d) buffer
                v.normBackward(gh, gh == g ? go + r * d : 0, x, xo + r * d, mean[r], rstd[r], k1[r], k0[r], dx, r * d, d);
            }
        });
        return dx;
    }

    // ĝ = g (d) at gp times w (d) at wo, into gw; g itself without w
    private static float[] scaled(VectorOps v, float[] g, int gp, float[] w, int wo, float[] gw, int d) {
        if (w == null) return g;
        v.mul(g, gp, w, wo, gw, 0, d);
        return gw;
    }

    // k0[r], k1[r] from ĝ (d) at ghp and the row x (d) at xp; sums is scratch
    private static void coefficients(VectorOps v, float[] gh, int ghp, float[] x, int xp, float mu, float rs, int d,
                                     float[] sums, float[] k0, float[] k1, int r) {
        v.sumAndDotCentered(gh, ghp, x, xp, mu, d, sums);
        float a = sums[0] / d, c = rs * sums[1] / d; // mean(ĝ), mean(ĝ·x̂)
        k1[r] = -rs * rs * c;
        k0[r] = -rs * a;
    }

    /** dw = Σ_rows g·x̂; db = Σ_rows g; either may be null (not wanted); they are overwritten. */
    // dw (d), db (d) from g (m, d) at go, x (m, d) at xo, mean (m), rstd (m)
    public static void paramGradients(float[] g, int go, float[] x, int xo, int m, int d, float[] mean, float[] rstd,
                                      float[] dw, float[] db) {
        if (dw == null && db == null) return;
        VectorOps v = VectorOps.get();
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
