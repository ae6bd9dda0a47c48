package dev.nabla.kernel;

/**
 * Batch normalisation over inputs laid out as (n, c, s): channel k is normalised over its n·s values. The forward
 * takes per-channel mean and 1/std (batch statistics from {@link #stats} or running ones); the backward is fused.
 */
public final class BatchNormKernel {
    private static final int GRAIN = 1 << 14;

    private BatchNormKernel() {}

    private static int grain(int n, int s) {
        return Math.max(1, GRAIN / Math.max(1, n * s));
    }

    /** Per-channel mean and biased variance, two passes in double so the variance does not lose digits to cancellation. */
    // mean (c), var (c) from x (n, c, s) at xo
    public static void stats(float[] x, int xo, int n, int c, int s, float[] mean, float[] var) {
        double count = (double) n * s;
        Parallel.forRange(c, grain(n, s), (c0, c1) -> {
            for (int k = c0; k < c1; k++) {
                double sum = 0;
                for (int i = 0; i < n; i++)
                    for (int p = xo + (i * c + k) * s, e = p + s; p < e; p++) sum += x[p];
                double mu = sum / count, v = 0;
                for (int i = 0; i < n; i++)
                    for (int p = xo + (i * c + k) * s, e = p + s; p < e; p++) {
                        double t = x[p] - mu;
                        v += t * t;
                    }
                mean[k] = (float) mu;
                var[k] = (float) (v / count);
            }
        });
    }

    // out (n, c, s) = (x − mean)·rstd·w + b from x (n, c, s) at xo, mean (c), rstd (c), w (c) at wo and b (c) at bo, each may be null
    public static void forward(float[] x, int xo, int n, int c, int s, float[] mean, float[] rstd,
                               float[] w, int wo, float[] b, int bo, float[] out) {
        Parallel.forRange(c, grain(n, s), (c0, c1) -> {
            for (int k = c0; k < c1; k++) {
                // one scale and shift per channel: y = x·a + t
                float a = rstd[k] * (w == null ? 1f : w[wo + k]);
                float t = (b == null ? 0f : b[bo + k]) - mean[k] * a;
                for (int i = 0; i < n; i++) {
                    int q = (i * c + k) * s;
                    for (int j = 0; j < s; j++) out[q + j] = x[xo + q + j] * a + t;
                }
            }
        });
    }

    /**
     * dw = Σ g·x̂, db = Σ g over each channel, x̂ = (x − mean)·rstd. With batch statistics (the mean and variance
     * depend on x) dx = w·rstd·(g − Σg/m − x̂·Σ(g·x̂)/m), m = n·s; with fixed (running) statistics dx = w·rstd·g.
     * Any of dx, dw, db may be null (not wanted); all are overwritten.
     */
    // dx (n, c, s), dw (c), db (c) from g (n, c, s) at go, x (n, c, s) at xo, mean (c), rstd (c), w (c) at wo or null
    public static void backward(float[] g, int go, float[] x, int xo, int n, int c, int s, float[] mean, float[] rstd,
                                float[] w, int wo, boolean batchStats, float[] dx, float[] dw, float[] db) {
        double m = (double) n * s;
        Parallel.forRange(c, grain(n, s), (c0, c1) -> {
            for (int k = c0; k < c1; k++) {
                float mu = mean[k], rs = rstd[k];
                double sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int q = (i * c + k) * s;
                    for (int j = 0; j < s; j++) {
                        float gv = g[go + q + j];
                        sg += gv;
                        sgx += gv * ((x[xo + q + j] - mu) * rs);
                    }
                }
                if (dw != null) dw[k] = (float) sgx;
                if (db != null) db[k] = (float) sg;
                if (dx == null) continue;
                float a = rs * (w == null ? 1f : w[wo + k]);
                float mg = batchStats ? (float) (sg / m) : 0f, mgx = batchStats ? (float) (sgx / m) : 0f;
                for (int i = 0; i < n; i++) {
                    int q = (i * c + k) * s;
                    for (int j = 0; j < s; j++) {
                        float xh = (x[xo + q + j] - mu) * rs;
                        dx[q + j] = a * (g[go + q + j] - mg - xh * mgx);
                    }
                }
            }
        });
    }
}
