package dev.nabla.kernel;

/**
 * Grouped 2-D convolution as im2col + GEMM over a block of samples at once: per group,
 * out_g (coutG, S·P) = W_g (coutG, K) · col (K, S·P), with K = cin/groups·kh·kw, P = oh·ow and S samples side by
 * side in the columns, so that one large GEMM replaces S small ones. The blocks keep col within COL_BUDGET floats.
 */
public final class ConvKernel {
    private static final int COL_BUDGET = 1 << 22;

    private ConvKernel() {}

    /** Samples per block. */
    private static int block(Im2col.Geometry g, int n) {
        return Math.max(1, Math.min(n, COL_BUDGET / Math.max(1, g.rows() * g.cols())));
    }

    // col (K, ns·p): the windows of samples s0 .. s0+ns-1 of group gi, side by side
    private static void im2colBlock(Im2col.Geometry g, int groups, int gi, int s0, int ns, float[] x, int xo, float[] col) {
        int p = g.cols(), img = g.c() * g.h() * g.w(), ld = ns * p;
        Parallel.forRange(ns, Math.max(1, (1 << 15) / Math.max(1, g.rows() * p)), (a, b) -> {
            for (int s = a; s < b; s++) Im2col.im2col(g, x, xo + ((s0 + s) * groups + gi) * img, col, s * p, ld);
        });
    }

    // dst (coutG, ns·p) = the channels of group gi of samples s0.. of src (n, cout, p) at so
    private static void gatherBlock(int cout, int coutG, int gi, int p, int s0, int ns, float[] src, int so, float[] dst) {
        int ld = ns * p;
        for (int s = 0; s < ns; s++)
            for (int oc = 0; oc < coutG; oc++)
                System.arraycopy(src, so + ((s0 + s) * cout + gi * coutG + oc) * p, dst, oc * ld + s * p, p);
    }

    /**
     * The columns of the whole batch, when one block holds them (one group, within COL_BUDGET): the forward pass
     * hands them to backwardWeight instead of unfolding the input again.
     */
    public static boolean keepsColumns(Im2col.Geometry g, int n, int groups) {
        return groups == 1 && block(g, n) >= n;
    }

    // out (n, cout, oh·ow) from x (n, groups·c, h, w) at xo, wt (cout, c·kh·kw) at wo, bias (cout) at bo or null;
    // returns the columns (K, n·p) when keepsColumns, else null
    public static float[] forward(Im2col.Geometry g, int n, int cout, int groups, float[] x, int xo, float[] wt, int wo,
                                  float[] bias, int bo, float[] out) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, nb = block(g, n);
        float[] col = new float[k * nb * p], tmp = new float[coutG * nb * p];
        for (int s0 = 0; s0 < n; s0 += nb) {
            int ns = Math.min(nb, n - s0), ld = ns * p;
            for (int gi = 0; gi < groups; gi++) {
                im2colBlock(g, groups, gi, s0, ns, x, xo, col);
                Gemm.sgemm(false, false, coutG, ld, k, wt, wo + gi * coutG * k, k, col, 0, ld, tmp, 0, ld, false);
                for (int s = 0; s < ns; s++)
                    for (int oc = 0; oc < coutG; oc++) {
                        int o = ((s0 + s) * cout + gi * coutG + oc) * p, t = oc * ld + s * p;
                        if (bias == null) System.arraycopy(tmp, t, out, o, p);
                        else {
                            float bv = bias[bo + gi * coutG + oc];
                            for (int i = 0; i < p; i++) out[o + i] = tmp[t + i] + bv;
                        }
                    }
            }
        }
        return keepsColumns(g, n, groups) ? col : null;
    }

    // dx (n, groups·c, h, w), zero-initialised, from dy (n, cout, oh·ow) at go and wt (cout, c·kh·kw) at wo
    public static void backwardInput(Im2col.Geometry g, int n, int cout, int groups, float[] dy, int go, float[] wt, int wo, float[] dx) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, img = g.c() * g.h() * g.w(), nb = block(g, n);
        float[] dcol = new float[k * nb * p], dyg = new float[coutG * nb * p];
        for (int s0 = 0; s0 < n; s0 += nb) {
            int ns = Math.min(nb, n - s0), ld = ns * p, first = s0;
            for (int gi = 0; gi < groups; gi++) {
                int group = gi;
                gatherBlock(cout, coutG, gi, p, s0, ns, dy, go, dyg);
                // dcol (K, ns·p) = W_gᵀ (K, coutG) · dy_g (coutG, ns·p), then each sample's columns fold back into its image
                Gemm.sgemm(true, false, k, ld, coutG, wt, wo + gi * coutG * k, k, dyg, 0, ld, dcol, 0, ld, false);
                Parallel.forRange(ns, Math.max(1, (1 << 15) / Math.max(1, k * p)), (a, b) -> {
                    for (int s = a; s < b; s++) Im2col.col2im(g, dcol, s * p, ld, dx, ((first + s) * groups + group) * img);
                });
            }
        }
    }

    // dw (cout, c·kh·kw) from dy (n, cout, oh·ow) at go and x (n, groups·c, h, w) at xo, or the forward's columns
    public static void backwardWeight(Im2col.Geometry g, int n, int cout, int groups, float[] dy, int go, float[] x, int xo,
                                      float[] columns, float[] dw) {
        int k = g.rows(), p = g.cols(), coutG = cout / groups, nb = block(g, n);
        float[] col = columns != null ? columns : new float[k * nb * p], dyg = new float[coutG * nb * p];
        java.util.Arrays.fill(dw, 0f);
        for (int s0 = 0; s0 < n; s0 += nb) {
            int ns = Math.min(nb, n - s0), ld = ns * p;
            for (int gi = 0; gi < groups; gi++) {
                if (columns == null) im2colBlock(g, groups, gi, s0, ns, x, xo, col);
                gatherBlock(cout, coutG, gi, p, s0, ns, dy, go, dyg);
                // dW_g (coutG, K) += dy_g (coutG, ns·p) · colᵀ (ns·p, K)
                Gemm.sgemm(false, true, coutG, k, ld, dyg, 0, ld, col, 0, ld, dw, gi * coutG * k, k, true);
            }
        }
    }

    // db (cout) = Σ over samples and positions of dy (n, cout, p) at go
    public static void backwardBias(int n, int cout, int p, float[] dy, int go, float[] db) {
        VectorOps v = VectorOps.get();
        Parallel.forRange(cout, Math.max(1, (1 << 15) / Math.max(1, n * p)), (c0, c1) -> {
            for (int oc = c0; oc < c1; oc++) {
                double s = 0; // one vector sum per sample's plane, the planes added in double
                for (int i = 0; i < n; i++) s += v.sum(dy, go + (i * cout + oc) * p, p);
                db[oc] = (float) s;
            }
        });
    }
}
