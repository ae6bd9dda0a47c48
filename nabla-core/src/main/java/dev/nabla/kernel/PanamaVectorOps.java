package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API implementation. Loaded only by {@link VectorProvider}, after it checked the module is readable. */
final class PanamaVectorOps implements VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    PanamaVectorOps() {
        if (S.vectorBitSize() < 128)
            throw new UnsupportedOperationException("the preferred vector size is only " + S.vectorBitSize() + " bits");
    }

    @Override
    public String name() {
        return "vector " + S.vectorBitSize() + "-bit";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        for (; i + 2 * L <= n; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), acc1);
        }
        for (; i + L <= n; i += L) acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i + L <= n; i += L)
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= n; i += L) acc = acc.add(FloatVector.fromArray(S, a, ao + i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    @Override
    public float max(float[] a, int ao, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i + L <= n; i += L) acc = acc.max(FloatVector.fromArray(S, a, ao + i)); // max propagates NaN
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            float v = a[ao + i];
            if (v > m || Float.isNaN(v)) m = v;
            if (Float.isNaN(m)) return m;
        }
        return m;
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
    }

    @Override
    public void scaleShift(float[] a, int ao, float s, float t, float[] out, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s), vt = FloatVector.broadcast(S, t);
        for (; i + L <= n; i += L) FloatVector.fromArray(S, a, ao + i).fma(vs, vt).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * s + t;
    }

    private static final int MR = 8, NR = 2 * L;

    @Override
    public int gemmMr() {
        return MR;
    }

    @Override
    public int gemmNr() {
        return NR;
    }

    // c (8, 2L) [+]= ap (kc, 8) · bp (kc, 2L, row stride ldb): 16 accumulators stay in registers for the whole k loop
    @Override
    public void gemmKernel(int kc, float[] ap, int apo, float[] bp, int bpo, int ldb, float[] c, int co, int ldc, boolean accumulate) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0, a = apo, b = bpo; p < kc; p++, a += MR, b += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b), b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, ap[a]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, co)); c01 = c01.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c10 = c10.add(FloatVector.fromArray(S, c, co)); c11 = c11.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c20 = c20.add(FloatVector.fromArray(S, c, co)); c21 = c21.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c30 = c30.add(FloatVector.fromArray(S, c, co)); c31 = c31.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c40 = c40.add(FloatVector.fromArray(S, c, co)); c41 = c41.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c50 = c50.add(FloatVector.fromArray(S, c, co)); c51 = c51.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c60 = c60.add(FloatVector.fromArray(S, c, co)); c61 = c61.add(FloatVector.fromArray(S, c, co + L)); co += ldc;
            c70 = c70.add(FloatVector.fromArray(S, c, co)); c71 = c71.add(FloatVector.fromArray(S, c, co + L));
            co -= 7 * ldc;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + L); co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + L); co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + L); co += ldc;
        c40.intoArray(c, co); c41.intoArray(c, co + L); co += ldc;
        c50.intoArray(c, co); c51.intoArray(c, co + L); co += ldc;
        c60.intoArray(c, co); c61.intoArray(c, co + L); co += ldc;
        c70.intoArray(c, co); c71.intoArray(c, co + L);
    }
}
