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
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[ao + i];
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

    // c (4, 8) [+]= ap (kc, 4) · bp (kc, 8)
    @Override
    public void gemmKernel(int kc, float[] ap, int apo, float[] bp, int bpo, float[] c, int co, int ldc, boolean accumulate) {
        for (int i = 0; i < MR; i++) {
            int q = co + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, q, q + NR, 0f);
            for (int p = 0; p < kc; p++) {
                float av = ap[apo + p * MR + i];
                int b = bpo + p * NR;
                for (int j = 0; j < NR; j++) c[q + j] += av * bp[b + j];
            }
        }
    }

    // ---- exp, softmax and normalisation

    @Override
    public float expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - shift);
            out[oo + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public float sumExpShifted(float[] x, int xo, float shift, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += (float) Math.exp(x[xo + i] - shift);
        return s;
    }

    @Override
    public void expScaleShift(float[] x, int xo, float shift, float s, float t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = s * (float) Math.exp(x[xo + i] - shift) + t;
    }

    @Override
    public void subScaledExp(float[] g, int go, float[] y, int yo, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = g[go + i] - s * (float) Math.exp(y[yo + i]);
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
}
