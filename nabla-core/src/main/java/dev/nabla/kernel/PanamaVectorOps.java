package dev.nabla.kernel;

import static dev.nabla.kernel.ScalarVectorOps.GELU_BETA;
import static dev.nabla.kernel.ScalarVectorOps.GELU_KAPPA;
import static dev.nabla.kernel.ScalarVectorOps.TWO_OVER_SQRT_PI;
import static dev.nabla.kernel.Transcendentals.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API implementation. Loaded only by {@link VectorProvider}, after it checked the module is readable. */
final class PanamaVectorOps implements VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    // halving shuffles (lane i <- lane i ^ h) for a lane sum whose order is fixed: reduceLanes(ADD) may add in another
    // order in compiled than in interpreted code, and results must be bit-identical from run to run
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = java.util.stream.IntStream.iterate(L / 2, h -> h > 0, h -> h / 2)
            .mapToObj(h -> VectorShuffle.fromOp(S, i -> i ^ h)).toArray(VectorShuffle[]::new);

    /** The sum of v's lanes, always in the same (pairwise) order. */
    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> h : HALVES) v = v.add(v.rearrange(h));
        return v.lane(0);
    }

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
        float s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    // c (rows, cols) at co (rows ldc apart) (+)= a (rows, k) · b (cols, k)ᵀ, rows and cols ≤ 4: sixteen accumulators,
    // eight loads per sixteen FMAs; missing rows of a 4 × 4 tile repeat the last one and are not stored. No masked
    // loads (C2 may leave a masked load's vector boxed, and every op after it slow): the last k % L terms are scalar.
    @Override
    public void dotTile(float[] a, int ao, int lda, int rows, float[] b, int bo, int ldb, int cols, int k,
                        float[] c, int co, int ldc, boolean accumulate) {
        int a0 = ao, a1 = ao + Math.min(1, rows - 1) * lda, a2 = ao + Math.min(2, rows - 1) * lda, a3 = ao + (rows - 1) * lda;
        int b0 = bo, b1 = bo + Math.min(1, cols - 1) * ldb, b2 = bo + Math.min(2, cols - 1) * ldb, b3 = bo + (cols - 1) * ldb;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        int body = k - k % L;
        for (int p = 0; p < body; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p), x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p), y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p), y3 = FloatVector.fromArray(S, b, b3 + p);
            c00 = x0.fma(y0, c00); c01 = x0.fma(y1, c01); c02 = x0.fma(y2, c02); c03 = x0.fma(y3, c03);
            c10 = x1.fma(y0, c10); c11 = x1.fma(y1, c11); c12 = x1.fma(y2, c12); c13 = x1.fma(y3, c13);
            c20 = x2.fma(y0, c20); c21 = x2.fma(y1, c21); c22 = x2.fma(y2, c22); c23 = x2.fma(y3, c23);
            c30 = x3.fma(y0, c30); c31 = x3.fma(y1, c31); c32 = x3.fma(y2, c32); c33 = x3.fma(y3, c33);
        }
        putRow(c, co, cols, accumulate, a, a0, b, b0, b1, b2, b3, body, k, c00, c01, c02, c03);
        if (rows > 1) putRow(c, co + ldc, cols, accumulate, a, a1, b, b0, b1, b2, b3, body, k, c10, c11, c12, c13);
        if (rows > 2) putRow(c, co + 2 * ldc, cols, accumulate, a, a2, b, b0, b1, b2, b3, body, k, c20, c21, c22, c23);
        if (rows > 3) putRow(c, co + 3 * ldc, cols, accumulate, a, a3, b, b0, b1, b2, b3, body, k, c30, c31, c32, c33);
    }

    // c[q + j] (+)= the lane sum of vj plus the terms p in [from, k) of a_i · b_j, j < cols
    private static void putRow(float[] c, int q, int cols, boolean accumulate, float[] a, int ai, float[] b,
                               int b0, int b1, int b2, int b3, int from, int k, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        c[q] = (accumulate ? c[q] : 0f) + (sumLanes(v0) + tail(a, ai, b, b0, from, k));
        if (cols > 1) c[q + 1] = (accumulate ? c[q + 1] : 0f) + (sumLanes(v1) + tail(a, ai, b, b1, from, k));
        if (cols > 2) c[q + 2] = (accumulate ? c[q + 2] : 0f) + (sumLanes(v2) + tail(a, ai, b, b2, from, k));
        if (cols > 3) c[q + 3] = (accumulate ? c[q + 3] : 0f) + (sumLanes(v3) + tail(a, ai, b, b3, from, k));
    }

    private static float tail(float[] a, int ai, float[] b, int bj, int from, int k) {
        float s = 0;
        for (int p = from; p < k; p++) s += a[ai + p] * b[bj + p];
        return s;
    }

    @Override
    public void axpyPair(float alpha, float[] x, int xo, float[] y, int yo, float[] acc, int ao, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i + L <= n; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yo + i);
            yv.fma(va, FloatVector.fromArray(S, acc, ao + i)).intoArray(acc, ao + i);
            FloatVector.fromArray(S, x, xo + i).fma(va, yv).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            acc[ao + i] += alpha * y[yo + i];
            y[yo + i] += alpha * x[xo + i];
        }
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
        float s = sumLanes(acc);
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

    // ---- e^x, log x, tanh x lane by lane: the sequences of Transcendentals, written with the same operations in the
    // same order, so that each lane gets exactly the scalar result (and the same bits before and after C2 compiles them)

    static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUNDER), k = t.sub(ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_LO), k.fma(FloatVector.broadcast(S, -LN2_HI), x));
        FloatVector p = r.fma(FloatVector.broadcast(S, P6), FloatVector.broadcast(S, P5)).fma(r, FloatVector.broadcast(S, P4))
                .fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, 1f))
                .fma(r, FloatVector.broadcast(S, 1f));
        if (x.compare(VectorOperators.GE, EXP_FAST_LO).and(x.compare(VectorOperators.LE, EXP_FAST_HI)).allTrue())
            return p.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
        return expWide(x);
    }

    // some lane under- or overflows, or is NaN: clamp and scale by two factors, as Transcendentals.exp. Apart from
    // exp, so that exp stays small enough for C2 to inline (its vectors would be boxed in a call)
    private static FloatVector expWide(FloatVector x) {
        FloatVector v = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = v.fma(LOG2E, ROUNDER), k = t.sub(ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_LO), k.fma(FloatVector.broadcast(S, -LN2_HI), v));
        FloatVector p = r.fma(FloatVector.broadcast(S, P6), FloatVector.broadcast(S, P5)).fma(r, FloatVector.broadcast(S, P4))
                .fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, 1f))
                .fma(r, FloatVector.broadcast(S, 1f));
        IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS), h = ki.lanewise(VectorOperators.ASHR, 1);
        return p.mul(h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                .mul(ki.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    static FloatVector log(FloatVector x) {
        if (x.compare(VectorOperators.GE, Float.MIN_NORMAL).and(x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY)).allTrue())
            return logNormal(x, FloatVector.zero(S));
        return logWide(x);
    }

    // log of positive normal lanes, e0 added to the exponent
    private static FloatVector logNormal(FloatVector x, FloatVector e0) {
        IntVector bits = x.reinterpretAsInts();
        IntVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
        FloatVector ef = e.add(ROUNDER_BITS).reinterpretAsFloats().sub(ROUNDER).add(e0); // (float) e + e0, exactly
        FloatVector z = f.mul(f);
        FloatVector q = f.fma(FloatVector.broadcast(S, Q7), FloatVector.broadcast(S, Q6)).fma(f, FloatVector.broadcast(S, Q5))
                .fma(f, FloatVector.broadcast(S, Q4)).fma(f, FloatVector.broadcast(S, Q3)).fma(f, FloatVector.broadcast(S, Q2))
                .fma(f, FloatVector.broadcast(S, Q1)).fma(f, FloatVector.broadcast(S, Q0));
        FloatVector lo = ef.fma(FloatVector.broadcast(S, LN2_LO_LOG), z.mul(f).fma(q, z.mul(-0.5f)));
        return ef.fma(FloatVector.broadcast(S, LN2_HI_LOG), f.add(lo));
    }

    // some lane is subnormal, zero, negative, infinite or NaN: apart from log, as expWide
    private static FloatVector logWide(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        return logNormal(x.blend(x.mul(0x1p23f), sub), FloatVector.zero(S).blend(FloatVector.broadcast(S, -23f), sub))
                .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.NaN, x.compare(VectorOperators.LT, 0f))
                .blend(x, x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY).not()); // +inf, NaN
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs(), one = FloatVector.broadcast(S, 1f), z = a.mul(a);
        FloatVector small = a.mul(z).fma(z.fma(FloatVector.broadcast(S, T4), FloatVector.broadcast(S, T3)).fma(z, FloatVector.broadcast(S, T2))
                .fma(z, FloatVector.broadcast(S, T1)).fma(z, FloatVector.broadcast(S, T0)), a);
        FloatVector t = one.sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(one))).blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
        return t.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats(); // x's sign
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg()), one = FloatVector.broadcast(S, 1f);
        return one.blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(one));
    }

    static FloatVector silu(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return x.blend(x.mul(e), x.compare(VectorOperators.LT, 0f)).div(e.add(1f));
    }

    // ---- activations
    // One small loop per op, so that C2 inlines every vector call in it (exp, tanh, log are intrinsic stubs) and no
    // vector escapes. The last n % L elements go through the same loop on a padded copy: every element of a tensor
    // gets the same formula whatever its position, so results do not depend on how the work is chunked.

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int body = n - n % L;
        if (body > 0) unaryLoop(op, x, xo, out, oo, body);
        if (body < n) {
            float[] pad = new float[2 * L]; // x in [0, L), out in [L, 2L)
            System.arraycopy(x, xo + body, pad, 0, n - body);
            unaryLoop(op, pad, 0, pad, L, L);
            System.arraycopy(pad, L, out, oo + body, n - body);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        int body = n - n % L;
        if (body > 0) backwardLoop(op, g, go, s, so, out, oo, body);
        if (body < n) {
            float[] pad = new float[3 * L]; // g, s, out
            System.arraycopy(g, go + body, pad, 0, n - body);
            System.arraycopy(s, so + body, pad, L, n - body);
            backwardLoop(op, pad, 0, pad, L, pad, 2 * L, L);
            System.arraycopy(pad, 2 * L, out, oo + body, n - body);
        }
    }

    @Override
    public void softplus(float beta, float threshold, float[] x, int xo, float[] out, int oo, int n) {
        int body = n - n % L;
        if (body > 0) softplusLoop(beta, threshold, x, xo, out, oo, body);
        if (body < n) {
            float[] pad = new float[2 * L];
            System.arraycopy(x, xo + body, pad, 0, n - body);
            softplusLoop(beta, threshold, pad, 0, pad, L, L);
            System.arraycopy(pad, L, out, oo + body, n - body);
        }
    }

    @Override
    public void softplusBackward(float beta, float threshold, float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        int body = n - n % L;
        if (body > 0) softplusBackwardLoop(beta, threshold, g, go, x, xo, out, oo, body);
        if (body < n) {
            float[] pad = new float[3 * L];
            System.arraycopy(g, go + body, pad, 0, n - body);
            System.arraycopy(x, xo + body, pad, L, n - body);
            softplusBackwardLoop(beta, threshold, pad, 0, pad, L, pad, 2 * L, L);
            System.arraycopy(pad, 2 * L, out, oo + body, n - body);
        }
    }

    // n is a multiple of L in all the loops below
    private static void unaryLoop(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> expLoop(x, xo, out, oo, n);
            case LOG -> logLoop(x, xo, out, oo, n);
            case SQRT -> sqrtLoop(x, xo, out, oo, n);
            case RSQRT -> rsqrtLoop(x, xo, out, oo, n);
            case TANH -> tanhLoop(x, xo, out, oo, n);
            case SIGMOID -> sigmoidLoop(x, xo, out, oo, n);
            case RELU -> reluLoop(x, xo, out, oo, n);
            case SILU -> siluLoop(x, xo, out, oo, n);
            case GELU -> geluLoop(x, xo, out, oo, n);
            case GELU_TANH -> geluTanhLoop(x, xo, out, oo, n);
            case ERF -> erfLoop(x, xo, out, oo, n);
        }
    }

    private static void backwardLoop(UnaryOp op, float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> mulGradLoop(g, go, s, so, out, oo, n);
            case LOG -> logGradLoop(g, go, s, so, out, oo, n);
            case SQRT -> sqrtGradLoop(g, go, s, so, out, oo, n);
            case RSQRT -> rsqrtGradLoop(g, go, s, so, out, oo, n);
            case TANH -> tanhGradLoop(g, go, s, so, out, oo, n);
            case SIGMOID -> sigmoidGradLoop(g, go, s, so, out, oo, n);
            case RELU -> reluGradLoop(g, go, s, so, out, oo, n);
            case SILU -> siluGradLoop(g, go, s, so, out, oo, n);
            case GELU -> geluGradLoop(g, go, s, so, out, oo, n);
            case GELU_TANH -> geluTanhGradLoop(g, go, s, so, out, oo, n);
            case ERF -> erfGradLoop(g, go, s, so, out, oo, n);
        }
    }

    private static void expLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) exp(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
    }

    private static void logLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) log(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
    }

    private static void sqrtLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(out, oo + i);
    }

    private static void rsqrtLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) one.div(FloatVector.fromArray(S, x, xo + i).sqrt()).intoArray(out, oo + i);
    }

    private static void tanhLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
    }

    private static void sigmoidLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
    }

    private static void reluLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i); // NaN is not <= 0, so stays NaN
        }
    }

    private static void siluLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) silu(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
    }

    /*
     * erf in float, to about 1e-7 absolute (1.2 ulp) and 7e-8 relative below |u| = 1:
     * |u| < 1: erf(u) = u + u·P(u²), with P a degree-6 fit of erf(u)/u - 1 (weighted least squares on Chebyshev nodes;
     *          the leading 2/√π - 1 kept apart from the 1 so that its rounding does not cost an ulp);
     * |u| >= 1: erfc(|u|) = e^(-u²)·Q(r), r = 1/(1 + |u|/2), with Q a degree-8 fit of the scaled erfc(c)·e^(c²) for
     *          c in [1, 10]; |u| is clamped at 10, where e^(-u²) is already below float's smallest normal.
     * Both halves are computed for every lane and blended; e^(-u²) also serves the derivatives.
     */
    private static final float ERF_A0 = 0.12837916612625122f, ERF_A1 = -0.3761262595653534f, ERF_A2 = 0.1128358244895935f,
            ERF_A3 = -0.026853691786527634f, ERF_A4 = 0.005188099108636379f, ERF_A5 = -0.0008008189615793526f,
            ERF_A6 = 7.847259257687256e-05f;
    private static final float ERFC_B0 = -3.863926394842565e-06f, ERFC_B1 = 0.28219348192214966f, ERFC_B2 = 0.2810528874397278f,
            ERFC_B3 = 0.25260886549949646f, ERFC_B4 = 0.15929049253463745f, ERFC_B5 = 0.10264873504638672f,
            ERFC_B6 = 0.028578076511621475f, ERFC_B7 = -0.18758855760097504f, ERFC_B8 = 0.08167644590139389f;

    private static void erfLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f), half = FloatVector.broadcast(S, 0.5f), ten = FloatVector.broadcast(S, 10f);
        for (int i = 0; i < n; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i);
            FloatVector t = u.mul(u), au = u.abs();
            FloatVector p = t.fma(ERF_A6, ERF_A5).fma(t, FloatVector.broadcast(S, ERF_A4)).fma(t, FloatVector.broadcast(S, ERF_A3))
                    .fma(t, FloatVector.broadcast(S, ERF_A2)).fma(t, FloatVector.broadcast(S, ERF_A1)).fma(t, FloatVector.broadcast(S, ERF_A0));
            FloatVector small = p.fma(u, u);
            FloatVector e = exp(t.neg());
            FloatVector r = one.div(au.min(ten).fma(half, one));
            FloatVector q = r.fma(ERFC_B8, ERFC_B7).fma(r, FloatVector.broadcast(S, ERFC_B6)).fma(r, FloatVector.broadcast(S, ERFC_B5))
                    .fma(r, FloatVector.broadcast(S, ERFC_B4)).fma(r, FloatVector.broadcast(S, ERFC_B3)).fma(r, FloatVector.broadcast(S, ERFC_B2))
                    .fma(r, FloatVector.broadcast(S, ERFC_B1)).fma(r, FloatVector.broadcast(S, ERFC_B0));
            FloatVector large = one.sub(e.mul(q));
            large = large.blend(large.neg(), u.compare(VectorOperators.LT, 0f));
            large.blend(small, au.compare(VectorOperators.LT, 1f)).intoArray(out, oo + i);
        }
    }

    private static void erfGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector u = FloatVector.fromArray(S, s, so + i);
            FloatVector e = exp(u.mul(u).neg());
            FloatVector.fromArray(S, g, go + i).mul(e.mul(TWO_OVER_SQRT_PI)).intoArray(out, oo + i);
        }
    }

    /*
     * GELU from two functions of a = |x| tabulated as 2L polynomial pieces over [0, 8) (PiecewisePolynomial), whose
     * coefficients a two-vector selectFrom picks lane by lane, so that neither needs a division or an exp:
     *   Φc(a) = Φ(-a), to 2^-22 relative: gelu(x) = x·Φ(x), Φ(x) = Φc(a) for x < 0, 1 - Φc(a) otherwise;
     *   h(a) = Φc(a) - a·φ(a):            gelu'(x) = Φ(x) + x·φ(x) = h(a) for x < 0, 1 - h(a) otherwise.
     * Beyond the pieces both are taken as 0 (Φc(8) = 6e-16, h(8) = -4e-14); gelu'(±∞) is NaN, as PyTorch's ∞·φ(∞).
     */
    private static final PiecewisePolynomial GELU_CDF = PiecewisePolynomial.fit(Activations::normalUpperTail, 2 * L, L / 4f, 0x1p-22, 0),
            GELU_SLOPE = PiecewisePolynomial.fit(a -> Activations.normalUpperTail(a) - a * StrictMath.exp(-a * a / 2) / Math.sqrt(2 * Math.PI),
                    2 * L, L / 4f, 0x1p-25, 1);

    /** f(|v|) for the lanes inside f's pieces, beyond's lanes for the others (NaN stays NaN). Any L, any degree. */
    private static FloatVector piecewise(PiecewisePolynomial f, FloatVector v, FloatVector beyond) {
        FloatVector a = v.abs(), k = piece(f, a), t = pieceArgument(f, a, k);
        float[] c = f.coef();
        int d = f.degree();
        FloatVector r = k.selectFrom(coefficient(c, d, 0), coefficient(c, d, 1));
        for (int j = d - 1; j >= 0; j--) r = r.fma(t, k.selectFrom(coefficient(c, j, 0), coefficient(c, j, 1)));
        return r.blend(beyond, a.compare(VectorOperators.GE, f.range()));
    }

    private static FloatVector piece(PiecewisePolynomial f, FloatVector a) {
        return (FloatVector) a.mul(f.scale()).convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
    }

    /** 2(a·scale - k) - 1, with one rounding. */
    private static FloatVector pieceArgument(PiecewisePolynomial f, FloatVector a, FloatVector k) {
        return a.fma(FloatVector.broadcast(S, 2 * f.scale()), k.fma(-2f, -1f));
    }

    /** Half h (pieces h·L to h·L + L - 1) of coefficient j. */
    private static FloatVector coefficient(float[] c, int j, int h) {
        return FloatVector.fromArray(S, c, (j * 2 + h) * L);
    }

    /** tail for x < 0, else 1 - tail. */
    private static FloatVector reflect(FloatVector tail, FloatVector x) {
        return tail.neg().add(1f).blend(tail, x.compare(VectorOperators.LT, 0f));
    }

    /*
     * The same with every coefficient held in a register (two vectors each, nine coefficients: the 18 of them leave 14
     * of AVX-512's 32 registers free), which needs the degree to be at most 8; loaded in the loop, as piecewise does,
     * they would be read again for every vector, since C2 cannot tell that the stores to out leave them alone.
     */
    static final boolean GELU_IN_REGISTERS = L == 16 && GELU_CDF.degree() <= 8 && GELU_SLOPE.degree() <= 5;
    private static final float[] GELU_CDF_9 = GELU_IN_REGISTERS ? GELU_CDF.padded(8) : null,
            GELU_SLOPE_6 = GELU_IN_REGISTERS ? GELU_SLOPE.padded(5) : null;

    private static void geluTableLoop(float[] x, int xo, float[] out, int oo, int n) {
        float[] c = GELU_CDF_9;
        FloatVector a0 = coefficient(c, 0, 0), b0 = coefficient(c, 0, 1), a1 = coefficient(c, 1, 0), b1 = coefficient(c, 1, 1),
                a2 = coefficient(c, 2, 0), b2 = coefficient(c, 2, 1), a3 = coefficient(c, 3, 0), b3 = coefficient(c, 3, 1),
                a4 = coefficient(c, 4, 0), b4 = coefficient(c, 4, 1), a5 = coefficient(c, 5, 0), b5 = coefficient(c, 5, 1),
                a6 = coefficient(c, 6, 0), b6 = coefficient(c, 6, 1), a7 = coefficient(c, 7, 0), b7 = coefficient(c, 7, 1),
                a8 = coefficient(c, 8, 0), b8 = coefficient(c, 8, 1);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i), a = v.abs(), k = piece(GELU_CDF, a), t = pieceArgument(GELU_CDF, a, k);
            FloatVector r = k.selectFrom(a8, b8).fma(t, k.selectFrom(a7, b7)).fma(t, k.selectFrom(a6, b6))
                    .fma(t, k.selectFrom(a5, b5)).fma(t, k.selectFrom(a4, b4)).fma(t, k.selectFrom(a3, b3))
                    .fma(t, k.selectFrom(a2, b2)).fma(t, k.selectFrom(a1, b1)).fma(t, k.selectFrom(a0, b0));
            v.mul(reflect(r.blend(zero, a.compare(VectorOperators.GE, GELU_CDF.range())), v)).intoArray(out, oo + i);
        }
    }

    private static void geluGradTableLoop(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        float[] c = GELU_SLOPE_6;
        FloatVector a0 = coefficient(c, 0, 0), b0 = coefficient(c, 0, 1), a1 = coefficient(c, 1, 0), b1 = coefficient(c, 1, 1),
                a2 = coefficient(c, 2, 0), b2 = coefficient(c, 2, 1), a3 = coefficient(c, 3, 0), b3 = coefficient(c, 3, 1),
                a4 = coefficient(c, 4, 0), b4 = coefficient(c, 4, 1), a5 = coefficient(c, 5, 0), b5 = coefficient(c, 5, 1);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i), a = v.abs(), k = piece(GELU_SLOPE, a), t = pieceArgument(GELU_SLOPE, a, k);
            FloatVector r = k.selectFrom(a5, b5).fma(t, k.selectFrom(a4, b4)).fma(t, k.selectFrom(a3, b3))
                    .fma(t, k.selectFrom(a2, b2)).fma(t, k.selectFrom(a1, b1)).fma(t, k.selectFrom(a0, b0));
            FloatVector slope = reflect(r.blend(v.mul(0f), a.compare(VectorOperators.GE, GELU_SLOPE.range())), v); // v·0: NaN at ±∞
            FloatVector.fromArray(S, g, go + i).mul(slope).intoArray(out, oo + i);
        }
    }

    private static void geluLoop(float[] x, int xo, float[] out, int oo, int n) {
        if (GELU_IN_REGISTERS) geluTableLoop(x, xo, out, oo, n);
        else geluPiecewiseLoop(x, xo, out, oo, n);
    }

    private static void geluGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        if (GELU_IN_REGISTERS) geluGradTableLoop(g, go, s, so, out, oo, n);
        else geluGradPiecewiseLoop(g, go, s, so, out, oo, n);
    }

    // the portable loops, for any L and degree (package-private: a test checks that the loops above give the same bits)
    static void geluPiecewiseLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(reflect(piecewise(GELU_CDF, v, zero), v)).intoArray(out, oo + i);
        }
    }

    static void geluGradPiecewiseLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, s, so + i);
            FloatVector slope = reflect(piecewise(GELU_SLOPE, v, v.mul(0f)), v); // v·0: 0, or NaN at ±∞
            FloatVector.fromArray(S, g, go + i).mul(slope).intoArray(out, oo + i);
        }
    }

    // x/2·(1 + tanh(β·x·(1 + κx²)))
    private static void geluTanhLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector th = tanh(v.mul(GELU_BETA).mul(v.mul(v).fma(GELU_KAPPA, 1f)));
            FloatVector hv = v.mul(0.5f);
            th.fma(hv, hv).intoArray(out, oo + i);
        }
    }

    // (1 + t)/2 + x/2·(1 - t²)·β(1 + 3κx²), t = tanh(β·x·(1 + κx²))
    private static void geluTanhGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f), half = FloatVector.broadcast(S, 0.5f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, s, so + i);
            FloatVector x2 = v.mul(v);
            FloatVector th = tanh(v.mul(GELU_BETA).mul(x2.fma(GELU_KAPPA, 1f)));
            FloatVector dInner = x2.min(1e30f).fma(3 * GELU_KAPPA, 1f).mul(GELU_BETA); // finite, so 0·dInner stays 0 where x² overflows
            FloatVector sech2 = th.neg().fma(th, one);
            FloatVector grad = v.mul(half).mul(sech2).mul(dInner).add(th.fma(half, half));
            FloatVector.fromArray(S, g, go + i).mul(grad).intoArray(out, oo + i);
        }
    }

    private static void mulGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, s, so + i)).intoArray(out, oo + i);
    }

    private static void logGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, g, go + i).div(FloatVector.fromArray(S, s, so + i)).intoArray(out, oo + i);
    }

    private static void sqrtGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromArray(S, s, so + i);
            FloatVector.fromArray(S, g, go + i).div(y.add(y)).intoArray(out, oo + i);
        }
    }

    private static void rsqrtGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromArray(S, s, so + i);
            FloatVector.fromArray(S, g, go + i).mul(-0.5f).mul(y.mul(y).mul(y)).intoArray(out, oo + i);
        }
    }

    private static void tanhGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromArray(S, s, so + i);
            FloatVector.fromArray(S, g, go + i).mul(one.sub(y.mul(y))).intoArray(out, oo + i);
        }
    }

    private static void sigmoidGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromArray(S, s, so + i);
            FloatVector.fromArray(S, g, go + i).mul(one.sub(y)).mul(y).intoArray(out, oo + i);
        }
    }

    private static void reluGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromArray(S, s, so + i);
            FloatVector.fromArray(S, g, go + i).blend(zero, y.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
        }
    }

    // silu'(x) = σ(x)·(1 + x·(1 - σ(x)))
    private static void siluGradLoop(float[] g, int go, float[] s, int so, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, s, so + i);
            FloatVector sg = sigmoid(v);
            FloatVector grad = sg.mul(v.mul(one.sub(sg)).add(one));
            FloatVector.fromArray(S, g, go + i).mul(grad).intoArray(out, oo + i);
        }
    }

    // log(1 + e^z)/β as max(z, 0) + log1p(e^-|z|), which neither overflows nor loses small values; log1p(w) is
    // log(1 + w) corrected by the rounding of 1 + w (LOG1P itself has no fast stub)
    private static void softplusLoop(float beta, float threshold, float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector z = v.mul(beta);
            FloatVector w = exp(z.abs().neg());
            FloatVector w1 = w.add(one);
            FloatVector l1p = log(w1).add(w.sub(w1.sub(one)).div(w1));
            FloatVector sp = z.max(zero).add(l1p).div(beta);
            sp.blend(v, z.compare(VectorOperators.GT, threshold)).intoArray(out, oo + i);
        }
    }

    private static void softplusBackwardLoop(float beta, float threshold, float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, xo + i).mul(beta);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector sg = sigmoid(z);
            gv.mul(sg).blend(gv, z.compare(VectorOperators.GT, threshold)).intoArray(out, oo + i);
        }
    }

    // ---- exp, softmax and normalisation


    @Override
    public float expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(shift);
            FloatVector e = exp(v);
            e.intoArray(out, oo + i);
            acc = acc.add(e);
        }
        // sumLanes written out: Vector API methods are inlined whatever C2's node budget, but not sumLanes, and a vector
        // passed to a call is boxed and runs the Vector API's allocating Java fallback. FlashAttention's forward inlines
        // this method into a large unit that reached the budget, and allocated 240 MiB a call at T = 4096 (issue #7).
        for (VectorShuffle<Float> h : HALVES) acc = acc.add(acc.rearrange(h));
        float s = acc.lane(0);
        for (; i < n; i++) {
            float e = Transcendentals.exp(x[xo + i] - shift);
            out[oo + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public float sumExpShifted(float[] x, int xo, float shift, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(shift);
            FloatVector e = exp(v);
            acc = acc.add(e);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) s += Transcendentals.exp(x[xo + i] - shift);
        return s;
    }

    @Override
    public void expScaleShift(float[] x, int xo, float shift, float s, float t0, float[] out, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s), vt = FloatVector.broadcast(S, t0);
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(shift);
            FloatVector e = exp(v);
            e.fma(vs, vt).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = s * Transcendentals.exp(x[xo + i] - shift) + t0;
    }

    @Override
    public void subScaledExp(float[] g, int go, float[] y, int yo, float s, float[] out, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, -s);
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector e = exp(v);
            e.fma(vs, FloatVector.fromArray(S, g, go + i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = g[go + i] - s * Transcendentals.exp(y[yo + i]);
    }

    @Override
    public void addMul(float[] a, int ao, float t, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        for (; i + L <= n; i += L)
            FloatVector.fromArray(S, a, ao + i).add(t).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = (a[ao + i] + t) * b[bo + i];
    }

    @Override
    public void sumsCentered(float[] x, int xo, float mu, int n, float[] sums) {
        int i = 0;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, q0 = s0, q1 = s0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, x, xo + i).sub(mu), d1 = FloatVector.fromArray(S, x, xo + i + L).sub(mu);
            s0 = s0.add(d0);
            s1 = s1.add(d1);
            q0 = d0.fma(d0, q0);
            q1 = d1.fma(d1, q1);
        }
        for (; i + L <= n; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mu);
            s0 = s0.add(d);
            q0 = d.fma(d, q0);
        }
        float s = sumLanes(s0.add(s1)), s2 = sumLanes(q0.add(q1));
        for (; i < n; i++) {
            float d = x[xo + i] - mu;
            s += d;
            s2 += d * d;
        }
        sums[0] = s;
        sums[1] = s2;
    }

    @Override
    public void sumAndDotCentered(float[] g, int go, float[] x, int xo, float mu, int n, float[] sums) {
        int i = 0;
        FloatVector as = FloatVector.zero(S), ad = FloatVector.zero(S);
        for (; i + L <= n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            as = as.add(gv);
            ad = FloatVector.fromArray(S, x, xo + i).sub(mu).fma(gv, ad);
        }
        float s = sumLanes(as), d = sumLanes(ad);
        for (; i < n; i++) {
            float gv = g[go + i];
            s += gv;
            d += gv * (x[xo + i] - mu);
        }
        sums[0] = s;
        sums[1] = d;
    }

    @Override
    public void normAffine(float[] x, int xo, float mu, float rs, float[] w, int wo, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        if (w == null) {
            for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rs).intoArray(out, oo + i);
            for (; i < n; i++) out[oo + i] = (x[xo + i] - mu) * rs;
            return;
        }
        for (; i + L <= n; i += L)
            FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rs)
                    .fma(FloatVector.fromArray(S, w, wo + i), FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = (x[xo + i] - mu) * rs * w[wo + i] + b[bo + i];
    }

    @Override
    public void normBackward(float[] a, int ao, float[] x, int xo, float mu, float s, float t, float u, float[] out, int oo, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, s);
        for (; i + L <= n; i += L)
            FloatVector.fromArray(S, a, ao + i).fma(vs, FloatVector.fromArray(S, x, xo + i).sub(mu).fma(t, u)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * s + (x[xo + i] - mu) * t + u;
    }

    @Override
    public void accCenteredMul(float[] g, int go, float[] x, int xo, float mu, float s, float[] y, int yo, int n) {
        int i = 0;
        for (; i + L <= n; i += L)
            FloatVector.fromArray(S, x, xo + i).sub(mu).mul(s)
                    .fma(FloatVector.fromArray(S, g, go + i), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += g[go + i] * ((x[xo + i] - mu) * s);
    }

    @Override
    public float maxUnrolled(float[] a, int ao, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
            for (; i + 4 * L <= n; i += 4 * L) { // max propagates NaN
                m0 = m0.max(FloatVector.fromArray(S, a, ao + i));
                m1 = m1.max(FloatVector.fromArray(S, a, ao + i + L));
                m2 = m2.max(FloatVector.fromArray(S, a, ao + i + 2 * L));
                m3 = m3.max(FloatVector.fromArray(S, a, ao + i + 3 * L));
            }
            for (; i + L <= n; i += L) m0 = m0.max(FloatVector.fromArray(S, a, ao + i));
            m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            float v = a[ao + i];
            if (v > m || Float.isNaN(v)) m = v;
            if (Float.isNaN(m)) return m;
        }
        return m;
    }

    @Override
    public float sumUnrolled(float[] a, int ao, int n) {
        int i = 0;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, ao + i));
            s1 = s1.add(FloatVector.fromArray(S, a, ao + i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, ao + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, ao + i + 3 * L));
        }
        for (; i + L <= n; i += L) s0 = s0.add(FloatVector.fromArray(S, a, ao + i));
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    // ---- im2col and col2im: short rows moved by whole vectors (no per-row arraycopy call, no masked loads)

    // out (rows, len) at oo, rows outStride apart = x (rows, len) at xo, rows xStride apart; a row's last vector may
    // run past its end while it stays below outLimit and inside x
    @Override
    public void copyRows(float[] x, int xo, int xStride, int rows, int len, float[] out, int oo, int outStride, int outLimit) {
        int full = len - len % L, over = len == full ? len : full + L; // elements a row moves by whole vectors
        for (int r = 0; r < rows; r++) {
            int s = xo + r * xStride, d = oo + r * outStride;
            for (int t = 0; t < full; t += L) FloatVector.fromArray(S, x, s + t).intoArray(out, d + t);
            if (full == len) continue;
            if (d + over <= outLimit && s + over <= x.length) FloatVector.fromArray(S, x, s + full).intoArray(out, d + full);
            else System.arraycopy(x, s + full, out, d + full, len - full);
        }
    }

    // x (rows, len) at xo, rows xStride apart += c (rows, len) at co, rows cStride apart; a row's last vector may read
    // and write back x past its end (adding 0) while it stays below xLimit
    @Override
    public void addRows(float[] c, int co, int cStride, int rows, int len, float[] x, int xo, int xStride, int xLimit) {
        int full = len - len % L, over = len == full ? len : full + L;
        VectorMask<Float> part = S.indexInRange(0, len - full);
        for (int r = 0; r < rows; r++) {
            int s = co + r * cStride, d = xo + r * xStride;
            for (int t = 0; t < full; t += L)
                FloatVector.fromArray(S, x, d + t).add(FloatVector.fromArray(S, c, s + t)).intoArray(x, d + t);
            if (full == len) continue;
            if (d + over <= xLimit && d + over <= x.length && s + over <= c.length) {
                FloatVector.fromArray(S, x, d + full).add(FloatVector.fromArray(S, c, s + full), part).intoArray(x, d + full);
            } else {
                for (int t = full; t < len; t++) x[d + t] += c[s + t];
            }
        }
    }

    // ---- pooling

    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape()); // L int lanes
    // lane indices 2i and 2i+1 into the concatenation of two vectors: the even and odd columns of 2L inputs
    private static final FloatVector EVEN = FloatVector.fromArray(S, lanes(i -> 2 * i), 0), ODD = FloatVector.fromArray(S, lanes(i -> 2 * i + 1), 0);
    private static final IntVector TWICE = IntVector.fromArray(SI, java.util.stream.IntStream.range(0, L).map(i -> 2 * i).toArray(), 0);

    private static float[] lanes(java.util.function.IntUnaryOperator f) {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) v[i] = f.applyAsInt(i);
        return v;
    }

    // out (oh, ow) at oo, arg (oh, ow) at ao from x (2·oh, w) at xo: L outputs at a time with whole-vector loads and
    // stores (no masks: see dotTile). A chunk's lanes past the row land on outputs of later rows, which overwrite them;
    // a chunk that would read past x or write past the plane is done by the scalar loop.
    @Override
    public void maxPool2x2(float[] x, int xo, int w, int oh, int ow, float[] out, int oo, int[] arg, int ao) {
        int end = oh * ow;
        for (int y = 0; y < oh; y++) {
            int r0 = 2 * y * w;
            for (int c = 0; c < ow; c += L) {
                int p0 = xo + r0 + 2 * c, o = y * ow + c;
                if (p0 + w + 2 * L <= x.length && o + L <= end) maxBlock(x, p0, p0 + w, r0 + 2 * c, w, out, oo + o, arg, ao + o);
                else ScalarVectorOps.maxPool2x2Span(x, xo, w, y, c, Math.min(ow, c + L), out, oo + o, arg, ao + o);
            }
        }
    }

    // L outputs at out[o], arg[ao] from the 2L inputs of the top row at x[p0] and of the bottom row at x[p1], whose
    // first top-left element has in-plane index i0: even and odd columns split out by selects, then the four
    // candidates taken in row-major order with masks
    private static void maxBlock(float[] x, int p0, int p1, int i0, int w, float[] out, int o, int[] arg, int ao) {
        FloatVector a0 = FloatVector.fromArray(S, x, p0), a1 = FloatVector.fromArray(S, x, p0 + L);
        FloatVector b0 = FloatVector.fromArray(S, x, p1), b1 = FloatVector.fromArray(S, x, p1 + L);
        IntVector idx = TWICE.add(i0), best = idx;
        FloatVector m = EVEN.selectFrom(a0, a1), v;
        VectorMask<Float> t;
        v = ODD.selectFrom(a0, a1); t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
        m = m.blend(v, t); best = best.blend(idx.add(1), t.cast(SI));
        v = EVEN.selectFrom(b0, b1); t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
        m = m.blend(v, t); best = best.blend(idx.add(w), t.cast(SI));
        v = ODD.selectFrom(b0, b1); t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
        m = m.blend(v, t); best = best.blend(idx.add(w + 1), t.cast(SI));
        m.intoArray(out, o);
        best.intoArray(arg, ao);
    }

    // ---- GEMM packing

    // Index vectors of the 16×16 transpose: stage b swaps the off-diagonal b×b blocks of each 2b×2b block, as two-vector
    // selects (lanes < L from the first vector, the rest from the second), so 64 selects move 256 values.
    private static FloatVector selectLow(int b) {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) f[i] = (i & b) == 0 ? i : L + i - b;
        return FloatVector.fromArray(S, f, 0);
    }

    private static FloatVector selectHigh(int b) {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) f[i] = (i & b) == 0 ? i + b : L + i;
        return FloatVector.fromArray(S, f, 0);
    }

    private static final FloatVector T8L = L == 16 ? selectLow(8) : null, T8H = L == 16 ? selectHigh(8) : null,
            T4L = L == 16 ? selectLow(4) : null, T4H = L == 16 ? selectHigh(4) : null, T2L = L == 16 ? selectLow(2) : null,
            T2H = L == 16 ? selectHigh(2) : null, T1L = L == 16 ? selectLow(1) : null, T1H = L == 16 ? selectHigh(1) : null;

    // bp (kc, w) at bpo = the w × kc block of b at bo (rows ldb apart), transposed: 16×16 (w = NR) or 8×16 (w = MR)
    // blocks in registers
    @Override
    public void packTransposed(float[] b, int bo, int ldb, int w, int kc, float[] bp, int bpo) {
        int p = 0;
        if (L == 16 && w == NR) {
            for (; p + 16 <= kc; p += 16) {
                transpose16(b, bo + p, ldb, bp, bpo + p * NR);
                transpose16(b, bo + 16 * ldb + p, ldb, bp, bpo + p * NR + 16);
            }
        } else if (L == 16 && w == MR) {
            for (; p + 16 <= kc; p += 16) transpose8x16(b, bo + p, ldb, bp, bpo + p * MR);
        }
        for (; p < kc; p++)
            for (int j = 0, dst = bpo + p * w; j < w; j++) bp[dst + j] = b[bo + j * ldb + p];
    }

    // Lane l of a vector whose lanes are (row bits i2 i1 i0, column bit p0) from the lane (p0, i2 i1 i0) of the packed
    // layout: the last step of transpose8x16
    private static final VectorShuffle<Float> ROWS_LAST = L == 16 ? VectorShuffle.fromOp(S, l -> (l % 8) * 2 + l / 8) : null;

    // out (16, 8) at o = the 8 × 16 block of a at src (rows lda apart), transposed. Vector j holds row j (bits i2 i1 i0)
    // and lane p column p (bits p3 p2 p1 p0); three select stages swap vector bit 2 with lane bit 3, 1 with 2, 0 with 1,
    // leaving vector v = (p3 p2 p1) with lanes (i2 i1 i0 p0): columns 2v and 2v+1 once a rearrange puts p0 on top.
    private static void transpose8x16(float[] a, int src, int lda, float[] out, int o) {
        FloatVector r0 = FloatVector.fromArray(S, a, src); FloatVector r1 = FloatVector.fromArray(S, a, src + lda);
        FloatVector r2 = FloatVector.fromArray(S, a, src + 2 * lda); FloatVector r3 = FloatVector.fromArray(S, a, src + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(S, a, src + 4 * lda); FloatVector r5 = FloatVector.fromArray(S, a, src + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(S, a, src + 6 * lda); FloatVector r7 = FloatVector.fromArray(S, a, src + 7 * lda);
        FloatVector t0, t1;
        t0 = T8L.selectFrom(r0, r4); t1 = T8H.selectFrom(r0, r4); r0 = t0; r4 = t1;
        t0 = T8L.selectFrom(r1, r5); t1 = T8H.selectFrom(r1, r5); r1 = t0; r5 = t1;
        t0 = T8L.selectFrom(r2, r6); t1 = T8H.selectFrom(r2, r6); r2 = t0; r6 = t1;
        t0 = T8L.selectFrom(r3, r7); t1 = T8H.selectFrom(r3, r7); r3 = t0; r7 = t1;
        t0 = T4L.selectFrom(r0, r2); t1 = T4H.selectFrom(r0, r2); r0 = t0; r2 = t1;
        t0 = T4L.selectFrom(r1, r3); t1 = T4H.selectFrom(r1, r3); r1 = t0; r3 = t1;
        t0 = T4L.selectFrom(r4, r6); t1 = T4H.selectFrom(r4, r6); r4 = t0; r6 = t1;
        t0 = T4L.selectFrom(r5, r7); t1 = T4H.selectFrom(r5, r7); r5 = t0; r7 = t1;
        t0 = T2L.selectFrom(r0, r1); t1 = T2H.selectFrom(r0, r1); r0 = t0; r1 = t1;
        t0 = T2L.selectFrom(r2, r3); t1 = T2H.selectFrom(r2, r3); r2 = t0; r3 = t1;
        t0 = T2L.selectFrom(r4, r5); t1 = T2H.selectFrom(r4, r5); r4 = t0; r5 = t1;
        t0 = T2L.selectFrom(r6, r7); t1 = T2H.selectFrom(r6, r7); r6 = t0; r7 = t1;
        r0.rearrange(ROWS_LAST).intoArray(out, o); r1.rearrange(ROWS_LAST).intoArray(out, o + 16);
        r2.rearrange(ROWS_LAST).intoArray(out, o + 32); r3.rearrange(ROWS_LAST).intoArray(out, o + 48);
        r4.rearrange(ROWS_LAST).intoArray(out, o + 64); r5.rearrange(ROWS_LAST).intoArray(out, o + 80);
        r6.rearrange(ROWS_LAST).intoArray(out, o + 96); r7.rearrange(ROWS_LAST).intoArray(out, o + 112);
    }

    // out rows q = 0..15 (NR apart) at o = column q of the 16 × 16 block of b at src (rows ldb apart)
    private static void transpose16(float[] b, int src, int ldb, float[] out, int o) {
        FloatVector r0 = FloatVector.fromArray(S, b, src + 0 * ldb); FloatVector r1 = FloatVector.fromArray(S, b, src + 1 * ldb); FloatVector r2 = FloatVector.fromArray(S, b, src + 2 * ldb); FloatVector r3 = FloatVector.fromArray(S, b, src + 3 * ldb); FloatVector r4 = FloatVector.fromArray(S, b, src + 4 * ldb); FloatVector r5 = FloatVector.fromArray(S, b, src + 5 * ldb); FloatVector r6 = FloatVector.fromArray(S, b, src + 6 * ldb); FloatVector r7 = FloatVector.fromArray(S, b, src + 7 * ldb); FloatVector r8 = FloatVector.fromArray(S, b, src + 8 * ldb); FloatVector r9 = FloatVector.fromArray(S, b, src + 9 * ldb); FloatVector r10 = FloatVector.fromArray(S, b, src + 10 * ldb); FloatVector r11 = FloatVector.fromArray(S, b, src + 11 * ldb); FloatVector r12 = FloatVector.fromArray(S, b, src + 12 * ldb); FloatVector r13 = FloatVector.fromArray(S, b, src + 13 * ldb); FloatVector r14 = FloatVector.fromArray(S, b, src + 14 * ldb); FloatVector r15 = FloatVector.fromArray(S, b, src + 15 * ldb);
        FloatVector t0, t1;
        t0 = T8L.selectFrom(r0, r8); t1 = T8H.selectFrom(r0, r8); r0 = t0; r8 = t1;
        t0 = T8L.selectFrom(r1, r9); t1 = T8H.selectFrom(r1, r9); r1 = t0; r9 = t1;
        t0 = T8L.selectFrom(r2, r10); t1 = T8H.selectFrom(r2, r10); r2 = t0; r10 = t1;
        t0 = T8L.selectFrom(r3, r11); t1 = T8H.selectFrom(r3, r11); r3 = t0; r11 = t1;
        t0 = T8L.selectFrom(r4, r12); t1 = T8H.selectFrom(r4, r12); r4 = t0; r12 = t1;
        t0 = T8L.selectFrom(r5, r13); t1 = T8H.selectFrom(r5, r13); r5 = t0; r13 = t1;
        t0 = T8L.selectFrom(r6, r14); t1 = T8H.selectFrom(r6, r14); r6 = t0; r14 = t1;
        t0 = T8L.selectFrom(r7, r15); t1 = T8H.selectFrom(r7, r15); r7 = t0; r15 = t1;
        t0 = T4L.selectFrom(r0, r4); t1 = T4H.selectFrom(r0, r4); r0 = t0; r4 = t1;
        t0 = T4L.selectFrom(r1, r5); t1 = T4H.selectFrom(r1, r5); r1 = t0; r5 = t1;
        t0 = T4L.selectFrom(r2, r6); t1 = T4H.selectFrom(r2, r6); r2 = t0; r6 = t1;
        t0 = T4L.selectFrom(r3, r7); t1 = T4H.selectFrom(r3, r7); r3 = t0; r7 = t1;
        t0 = T4L.selectFrom(r8, r12); t1 = T4H.selectFrom(r8, r12); r8 = t0; r12 = t1;
        t0 = T4L.selectFrom(r9, r13); t1 = T4H.selectFrom(r9, r13); r9 = t0; r13 = t1;
        t0 = T4L.selectFrom(r10, r14); t1 = T4H.selectFrom(r10, r14); r10 = t0; r14 = t1;
        t0 = T4L.selectFrom(r11, r15); t1 = T4H.selectFrom(r11, r15); r11 = t0; r15 = t1;
        t0 = T2L.selectFrom(r0, r2); t1 = T2H.selectFrom(r0, r2); r0 = t0; r2 = t1;
        t0 = T2L.selectFrom(r1, r3); t1 = T2H.selectFrom(r1, r3); r1 = t0; r3 = t1;
        t0 = T2L.selectFrom(r4, r6); t1 = T2H.selectFrom(r4, r6); r4 = t0; r6 = t1;
        t0 = T2L.selectFrom(r5, r7); t1 = T2H.selectFrom(r5, r7); r5 = t0; r7 = t1;
        t0 = T2L.selectFrom(r8, r10); t1 = T2H.selectFrom(r8, r10); r8 = t0; r10 = t1;
        t0 = T2L.selectFrom(r9, r11); t1 = T2H.selectFrom(r9, r11); r9 = t0; r11 = t1;
        t0 = T2L.selectFrom(r12, r14); t1 = T2H.selectFrom(r12, r14); r12 = t0; r14 = t1;
        t0 = T2L.selectFrom(r13, r15); t1 = T2H.selectFrom(r13, r15); r13 = t0; r15 = t1;
        t0 = T1L.selectFrom(r0, r1); t1 = T1H.selectFrom(r0, r1); r0 = t0; r1 = t1;
        t0 = T1L.selectFrom(r2, r3); t1 = T1H.selectFrom(r2, r3); r2 = t0; r3 = t1;
        t0 = T1L.selectFrom(r4, r5); t1 = T1H.selectFrom(r4, r5); r4 = t0; r5 = t1;
        t0 = T1L.selectFrom(r6, r7); t1 = T1H.selectFrom(r6, r7); r6 = t0; r7 = t1;
        t0 = T1L.selectFrom(r8, r9); t1 = T1H.selectFrom(r8, r9); r8 = t0; r9 = t1;
        t0 = T1L.selectFrom(r10, r11); t1 = T1H.selectFrom(r10, r11); r10 = t0; r11 = t1;
        t0 = T1L.selectFrom(r12, r13); t1 = T1H.selectFrom(r12, r13); r12 = t0; r13 = t1;
        t0 = T1L.selectFrom(r14, r15); t1 = T1H.selectFrom(r14, r15); r14 = t0; r15 = t1;
        r0.intoArray(out, o + 0 * NR); r1.intoArray(out, o + 1 * NR); r2.intoArray(out, o + 2 * NR); r3.intoArray(out, o + 3 * NR); r4.intoArray(out, o + 4 * NR); r5.intoArray(out, o + 5 * NR); r6.intoArray(out, o + 6 * NR); r7.intoArray(out, o + 7 * NR); r8.intoArray(out, o + 8 * NR); r9.intoArray(out, o + 9 * NR); r10.intoArray(out, o + 10 * NR); r11.intoArray(out, o + 11 * NR); r12.intoArray(out, o + 12 * NR); r13.intoArray(out, o + 13 * NR); r14.intoArray(out, o + 14 * NR); r15.intoArray(out, o + 15 * NR);
    }
}
