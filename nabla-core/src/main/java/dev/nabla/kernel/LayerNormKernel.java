package dev.nabla.kernel;

/** Layer normalisation over each row of D values: a fused forward that keeps mean and 1/std, and a fused backward. */
public final class LayerNormKernel {
    private static final int GRAIN = 1 << 14;

    private LayerNormKernel() {}

    // out (m, d), mean (m), rstd (m) from x (m, d) at xo; w (d) at wo and b (d) at bo, each may be null
    public static void forward(float[] x, int xo, int m, int d, float[] w, int wo, float[] b, int bo, float eps,
                               float[] out, float[] mean, float[] rstd) {
        Parallel.forRange(m, Math.max(1, GRAIN / Math.max(d, 1)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int p = xo + r * d, o = r * d;
                // two passes in double: the variance does not lose digits to cancellation
                double s = 0;
                for (int i = 0; i < d; i++) s += x[p + i];
                double mu = s / d, v = 0;
                for (int i = 0; i < d; i++) {
                    double t = x[p + i] - mu;
                    v += t * t;
                }
                float mf = (float) mu, rs = (float) (1.0 / Math.sqrt(v / d + eps));
                mean[r] = mf;
                rstd[r] = rs;
                for (int i = 0; i < d; i++) {
                    float y = (x[p + i] - mf) * rs;
                    if (w != null) y *= w[wo + i];
                    if (b != null) y += b[bo + i];
                    out[o + i] = y;
                }
            }
        });
    }

    /**
     * dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·w, x̂ = (x − mean)·rstd; dw = Σ_rows g·x̂; db = Σ_rows g.
     * Any of dx, dw, db may be null (not wanted); dw and db are overwritten.
     */
    // dx (m, d), dw (d), db (d) from g (m, d) at go, x (m, d) at xo, mean (m), rstd (m), w (d) at wo or null
    public static void backward(float[] g, int go, float[] x, int xo, int m, int d, float[] mean, float[] rstd,
                                float[] w, int wo, float[] dx, float[] dw, float[] db) {
        if (dx != null) {
            Parallel.forRange(m, Math.max(1, GRAIN / Math.max(d, 1)), (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int gp = go + r * d, xp = xo + r * d, o = r * d;
                    float mu = mean[r], rs = rstd[r];
                    double sg = 0, sgx = 0;
                    for (int i = 0; i < d; i++) {
                        float gh = w == null ? g[gp + i] : g[gp + i] * w[wo + i];
                        sg += gh;
                        sgx += gh * ((x[xp + i] - mu) * rs);
                    }
                    float a = (float) (sg / d), c = (float) (sgx / d);
                    for (int i = 0; i < d; i++) {
                        float gh = w == null ? g[gp + i] : g[gp + i] * w[wo + i];
                        dx[o + i] = rs * (gh - a - (x[xp + i] - mu) * rs * c);
                    }
                }
            });
        }
        if (dw != null || db != null) {
            // split the columns, so that each column is summed over the rows in one fixed order
            Parallel.forRange(d, Math.max(16, GRAIN / Math.max(m, 1)), (c0, c1) -> {
                for (int i = c0; i < c1; i++) {
                    if (dw != null) dw[i] = 0f;
                    if (db != null) db[i] = 0f;
                }
                for (int r = 0; r < m; r++) {
                    int gp = go + r * d, xp = xo + r * d;
                    float mu = mean[r], rs = rstd[r];
                    for (int i = c0; i < c1; i++) {
                        float gv = g[gp + i];
                        if (dw != null) dw[i] += gv * ((x[xp + i] - mu) * rs);
                        if (db != null) db[i] += gv;
                    }
                }
            });
        }
    }
}
