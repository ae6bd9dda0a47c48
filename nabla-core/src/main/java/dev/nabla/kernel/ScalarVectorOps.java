package dev.nabla.kernel;

/** Plain loops: the portable fallback, and the reference the vectorised path is tested against. */
public final class ScalarVectorOps implements VectorOps {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    @Override
    public void dotTile(float[] a, int ao, int lda, int rows, float[] b, int bo, int ldb, int cols, int k,
                        float[] c, int co, int ldc, boolean accumulate) {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                float d = dot(a, ao + i * lda, b, bo + j * ldb, k);
                int q = co + i * ldc + j;
                c[q] = accumulate ? c[q] + d : d;
            }
    }

    @Override
    public void axpyPair(float alpha, float[] x, int xo, float[] y, int yo, float[] acc, int ao, int n) {
        axpy(alpha, y, yo, acc, ao, n);
        axpy(alpha, x, xo, y, yo, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        // eight running sums, as the vector kernel's lanes: each takes an eighth of the adds (precision) and they
        // do not wait on each other (speed)
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int p = ao + i;
            s0 += a[p];
            s1 += a[p + 1];
            s2 += a[p + 2];
            s3 += a[p + 3];
            s4 += a[p + 4];
            s5 += a[p + 5];
            s6 += a[p + 6];
            s7 += a[p + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    @Override
    public float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = a[ao + i];
            if (v > m || Float.isNaN(v)) m = v;
            if (Float.isNaN(m)) return m;
        }
        return m;
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
    }

    @Override
    public void scaleShift(float[] a, int ao, float s, float t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s + t;
    }

    private static final int MR = 4, NR = 8;

    @Override
    public int gemmMr() {
        return MR;
    }

    @Override
    public int gemmNr() {
        return NR;
    }

    // c (4, 8) [+]= ap (kc, 4) · bp (kc, 8, row stride ldb)
    @Override
    public void gemmKernel(int kc, float[] ap, int apo, float[] bp, int bpo, int ldb, float[] c, int co, int ldc, boolean accumulate) {
        for (int i = 0; i < MR; i++) {
            int q = co + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, q, q + NR, 0f);
            for (int p = 0; p < kc; p++) {
                float av = ap[apo + p * MR + i];
                int b = bpo + p * ldb;
                for (int j = 0; j < NR; j++) c[q + j] += av * bp[b + j];
            }
        }
    }

    // ---- activations

    // exp, log, tanh and the activations built on them use Transcendentals' float sequences, the operations of
    // PanamaVectorOps' lanes in the same order, so both give the same bits; gelu and erf are computed in double.
    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> { for (int i = 0; i < n; i++) out[oo + i] = Transcendentals.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[oo + i] = Transcendentals.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.sqrt(x[xo + i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) out[oo + i] = (float) (1 / Math.sqrt(x[xo + i])); }
            case TANH -> { for (int i = 0; i < n; i++) out[oo + i] = Transcendentals.tanh(x[xo + i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[oo + i] = Transcendentals.sigmoid(x[xo + i]); }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    out[oo + i] = v <= 0 ? 0f : v; // NaN stays NaN
                }
            }
            case SILU -> { for (int i = 0; i < n; i++) out[oo + i] = Transcendentals.silu(x[xo + i]); }
            case GELU -> { for (int i = 0; i < n; i++) out[oo + i] = Activations.gelu(x[xo + i]); }
            case GELU_TANH -> { for (int i = 0; i < n; i++) out[oo + i] = geluTanh(x[xo + i]); }
            case ERF -> { for (int i = 0; i < n; i++) out[oo + i] = Activations.erf(x[xo + i]); }
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> { for (int i = 0; i < n; i++) out[oo + i] = g[go + i] * s[so + i]; }
            case LOG -> { for (int i = 0; i < n; i++) out[oo + i] = g[go + i] / s[so + i]; }
            case SQRT -> { for (int i = 0; i < n; i++) out[oo + i] = g[go + i] / (2 * s[so + i]); }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    float y = s[so + i];
                    out[oo + i] = -0.5f * g[go + i] * (y * y * y);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    float y = s[so + i];
                    out[oo + i] = g[go + i] * (1 - y * y);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float y = s[so + i];
                    out[oo + i] = g[go + i] * (1 - y) * y;
                }
            }
            case RELU -> { for (int i = 0; i < n; i++) out[oo + i] = s[so + i] <= 0 ? 0f : g[go + i]; } // relu'(0) = 0, as PyTorch
            case SILU -> {
                for (int i = 0; i < n; i++) {
                    float v = s[so + i], sg = Transcendentals.sigmoid(v);
                    out[oo + i] = g[go + i] * (sg * (v * (1f - sg) + 1f));
                }
            }
            case GELU -> { for (int i = 0; i < n; i++) out[oo + i] = g[go + i] * Activations.geluGrad(s[so + i]); }
            case GELU_TANH -> { for (int i = 0; i < n; i++) out[oo + i] = g[go + i] * geluTanhGrad(s[so + i]); }
            case ERF -> {
                for (int i = 0; i < n; i++) {
                    float u = s[so + i];
                    out[oo + i] = g[go + i] * (Transcendentals.exp(-(u * u)) * TWO_OVER_SQRT_PI);
                }
            }
        }
    }

    static final float GELU_BETA = (float) Math.sqrt(2 / Math.PI), GELU_KAPPA = 0.044715f,
            TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));

    // x/2·(1 + tanh(β·x·(1 + κx²)))
    private static float geluTanh(float x) {
        float th = Transcendentals.tanh(x * GELU_BETA * Math.fma(x * x, GELU_KAPPA, 1f)), hx = x * 0.5f;
        return Math.fma(th, hx, hx);
    }

    // (1 + t)/2 + x/2·(1 - t²)·β(1 + 3κx²), t = tanh(β·x·(1 + κx²)); x² capped so that 0·dInner stays 0 where it overflows
    private static float geluTanhGrad(float x) {
        float x2 = x * x, th = Transcendentals.tanh(x * GELU_BETA * Math.fma(x2, GELU_KAPPA, 1f));
        float dInner = Math.fma(Math.min(x2, 1e30f), 3 * GELU_KAPPA, 1f) * GELU_BETA;
        return x * 0.5f * Math.fma(-th, th, 1f) * dInner + Math.fma(th, 0.5f, 0.5f);
    }

    @Override
    public void softplus(float beta, float threshold, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i], z = v * beta;
            out[oo + i] = z > threshold ? v : Transcendentals.softplus(z) / beta; // linear above the threshold, as PyTorch
        }
    }

    @Override
    public void softplusBackward(float beta, float threshold, float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float z = x[xo + i] * beta;
            out[oo + i] = z > threshold ? g[go + i] : g[go + i] * Transcendentals.sigmoid(z);
        }
    }

    // ---- exp, softmax and normalisation

    @Override
    public float expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            float e = Transcendentals.exp(x[xo + i] - shift);
            out[oo + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public float sumExpShifted(float[] x, int xo, float shift, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += Transcendentals.exp(x[xo + i] - shift);
        return s;
    }

    @Override
    public void expScaleShift(float[] x, int xo, float shift, float s, float t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = s * Transcendentals.exp(x[xo + i] - shift) + t;
    }

    @Override
    public void subScaledExp(float[] g, int go, float[] y, int yo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = g[go + i] - s * Transcendentals.exp(y[yo + i]);
    }

    @Override
    public void addMul(float[] a, int ao, float t, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] + t) * b[bo + i];
    }

    @Override
    public void sumsCentered(float[] x, int xo, float mu, int n, float[] sums) {
        float s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - mu;
            s += d;
            s2 += d * d;
        }
        sums[0] = s;
        sums[1] = s2;
    }

    @Override
    public void sumAndDotCentered(float[] g, int go, float[] x, int xo, float mu, int n, float[] sums) {
        float s = 0, d = 0;
        for (int i = 0; i < n; i++) {
            float gv = g[go + i];
            s += gv;
            d += gv * (x[xo + i] - mu);
        }
        sums[0] = s;
        sums[1] = d;
    }

    @Override
    public void normAffine(float[] x, int xo, float mu, float rs, float[] w, int wo, float[] b, int bo, float[] out, int oo, int n) {
        if (w == null) for (int i = 0; i < n; i++) out[oo + i] = (x[xo + i] - mu) * rs;
        else for (int i = 0; i < n; i++) out[oo + i] = (x[xo + i] - mu) * rs * w[wo + i] + b[bo + i];
    }

    @Override
    public void normBackward(float[] a, int ao, float[] x, int xo, float mu, float s, float t, float u, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s + (x[xo + i] - mu) * t + u;
    }

    @Override
    public void accCenteredMul(float[] g, int go, float[] x, int xo, float mu, float s, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += g[go + i] * ((x[xo + i] - mu) * s);
    }

    @Override
    public float maxUnrolled(float[] a, int ao, int n) {
        return max(a, ao, n);
    }

    @Override
    public float sumUnrolled(float[] a, int ao, int n) {
        return sum(a, ao, n);
    }

    @Override
    public void copyRows(float[] x, int xo, int xStride, int rows, int len, float[] out, int oo, int outStride, int outLimit) {
        for (int r = 0; r < rows; r++) System.arraycopy(x, xo + r * xStride, out, oo + r * outStride, len);
    }

    @Override
    public void addRows(float[] c, int co, int cStride, int rows, int len, float[] x, int xo, int xStride, int xLimit) {
        for (int r = 0; r < rows; r++)
            for (int t = 0, q = xo + r * xStride, s = co + r * cStride; t < len; t++) x[q + t] += c[s + t];
    }

    @Override
    public void maxPool2x2(float[] x, int xo, int w, int oh, int ow, float[] out, int oo, int[] arg, int ao) {
        for (int y = 0; y < oh; y++) maxPool2x2Span(x, xo, w, y, 0, ow, out, oo + y * ow, arg, ao + y * ow);
    }

    // out[oo + j - j0], arg[ao + j - j0] for columns j0 <= j < j1 of output row y (see VectorOps.maxPool2x2)
    static void maxPool2x2Span(float[] x, int xo, int w, int y, int j0, int j1, float[] out, int oo, int[] arg, int ao) {
        int r0 = 2 * y * w, r1 = r0 + w;
        for (int j = j0; j < j1; j++) {
            int c0 = r0 + 2 * j, c1 = r1 + 2 * j, best = c0;
            float m = x[xo + c0], v;
            v = x[xo + c0 + 1]; if (v > m || v != v) { m = v; best = c0 + 1; }
            v = x[xo + c1];     if (v > m || v != v) { m = v; best = c1; }
            v = x[xo + c1 + 1]; if (v > m || v != v) { m = v; best = c1 + 1; }
            out[oo + j - j0] = m;
            arg[ao + j - j0] = best;
        }
    }

    // ---- GEMM packing

    @Override
    public void packTransposed(float[] b, int bo, int ldb, int w, int kc, float[] bp, int bpo) {
        for (int p = 0; p < kc; p++)
            for (int j = 0, dst = bpo + p * w; j < w; j++) bp[dst + j] = b[bo + j * ldb + p];
    }
}
