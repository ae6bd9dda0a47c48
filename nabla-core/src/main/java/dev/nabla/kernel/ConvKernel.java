package dev.nabla.kernel;

/**
 * Grouped 2-D convolution as im2col + GEMM. Per sample and group: out_g (coutG, P) = W_g (coutG, K) · col (K, P),
 * with K = cin/groups·kh·kw and P = oh·ow; the geometry's c is the channels per group.
 */
public final class ConvKernel {
    private ConvKernel() {}

    // out (n, cout, oh·ow) from x (n, groups·c, h, w) at xo, wt (cout, c·kh·kw) at wo, bias (cout) at bo or null
    public static void forward(Im2col.Geometry g, int n, int cout, int groups, float[] x, int xo, float[] wt, int wo,
                               float[] bias, int bo, float[] out) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, img = g.c() * g.h() * g.w();
        // samples are split across threads; with few samples GEMM splits its rows instead
        Parallel.forChunks(n, Parallel.chunks(n, 1), (s0, s1) -> {
            float[] col = g.identity() ? null : new float[k * p];
            for (int s = s0; s < s1; s++) {
                for (int gi = 0; gi < groups; gi++) {
                    int xg = xo + (s * groups + gi) * img, og = (s * cout + gi * coutG) * p;
                    float[] b = col == null ? x : col;
                    int boff = col == null ? xg : 0;
                    if (col != null) Im2col.im2col(g, x, xg, col, 0);
                    Gemm.sgemm(false, false, coutG, p, k, wt, wo + gi * coutG * k, k, b, boff, p, out, og, p, false);
                }
                if (bias != null)
                    for (int oc = 0; oc < cout; oc++) {
                        float bv = bias[bo + oc];
                        int o = (s * cout + oc) * p;
                        for (int i = 0; i < p; i++) out[o + i] += bv;
                    }
            }
        });
    }

    // dx (n, groups·c, h, w), zero-initialised, from dy (n, cout, oh·ow) at go and wt (cout, c·kh·kw) at wo
    public static void backwardInput(Im2col.Geometry g, int n, int cout, int groups, float[] dy, int go, float[] wt, int wo, float[] dx) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, img = g.c() * g.h() * g.w();
        Parallel.forChunks(n, Parallel.chunks(n, 1), (s0, s1) -> {
            float[] dcol = g.identity() ? null : new float[k * p];
            for (int s = s0; s < s1; s++) {
                for (int gi = 0; gi < groups; gi++) {
                    int xg = (s * groups + gi) * img, og = go + (s * cout + gi * coutG) * p;
                    // dcol (K, P) = W_gᵀ (K, coutG) · dy_g (coutG, P); for a 1 × 1 kernel it is dx itself
                    if (dcol == null) {
                        Gemm.sgemm(true, false, k, p, coutG, wt, wo + gi * coutG * k, k, dy, og, p, dx, xg, p, false);
                    } else {
                        Gemm.sgemm(true, false, k, p, coutG, wt, wo + gi * coutG * k, k, dy, og, p, dcol, 0, p, false);
                        Im2col.col2im(g, dcol, 0, dx, xg);
                    }
                }
            }
        });
    }

    // dw (cout, c·kh·kw) from dy (n, cout, oh·ow) at go and x (n, groups·c, h, w) at xo
    public static void backwardWeight(Im2col.Geometry g, int n, int cout, int groups, float[] dy, int go, float[] x, int xo, float[] dw) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, img = g.c() * g.h() * g.w();
        int chunks = Parallel.chunks(n, 1);
        // one partial sum per chunk of samples, added in chunk order: the same result for the same thread count
        float[][] part = new float[chunks][];
        Parallel.forChunks(chunks, chunks, (c0, c1) -> {
            for (int ci = c0; ci < c1; ci++) {
                float[] acc = new float[cout * k];
                float[] col = g.identity() ? null : new float[k * p];
                for (int s = Parallel.chunkStart(n, chunks, ci), s1 = Parallel.chunkStart(n, chunks, ci + 1); s < s1; s++) {
                    for (int gi = 0; gi < groups; gi++) {
                        int xg = xo + (s * groups + gi) * img, og = go + (s * cout + gi * coutG) * p;
                        float[] b = col == null ? x : col;
                        int boff = col == null ? xg : 0;
                        if (col != null) Im2col.im2col(g, x, xg, col, 0);
                        // dW_g (coutG, K) += dy_g (coutG, P) · colᵀ (P, K)
                        Gemm.sgemm(false, true, coutG, k, p, dy, og, p, b, boff, p, acc, gi * coutG * k, k, true);
                    }
                }
                part[ci] = acc;
            }
        });
        java.util.Arrays.fill(dw, 0f);
        for (float[] a : part)
            if (a != null) for (int i = 0; i < dw.length; i++) dw[i] += a[i];
    }

    // db (cout) = Σ over samples and positions of dy (n, cout, p) at go
    public static void backwardBias(int n, int cout, int p, float[] dy, int go, float[] db) {
        Parallel.forRange(cout, Math.max(1, (1 << 15) / Math.max(1, n * p)), (c0, c1) -> {
            for (int oc = c0; oc < c1; oc++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int o = go + (i * cout + oc) * p;
                    for (int j = 0; j < p; j++) s += dy[o + j];
                }
                db[oc] = (float) s;
            }
        });
    }
}
