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
}
