package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every VectorOps method, scalar and Panama implementations side by side, on random lengths 0..100 and offsets,
 * against double-precision references. Elements outside [offset, offset + n) must stay untouched.
 */
class VectorOpsTest {
    static final int TRIALS = 400;
    static final float GUARD = 12345.5f;

    static List<VectorOps> impls() {
        PanamaVectorOps panama;
        try {
            panama = new PanamaVectorOps();
        } catch (UnsupportedOperationException | LinkageError e) {
            System.out.println("VectorOpsTest: Panama vectors unavailable here (" + e.getMessage() + "); testing the scalar loops only");
            return List.of(new ScalarVectorOps());
        }
        return List.of(new ScalarVectorOps(), panama);
    }

    record Case(int n, float[] a, int ao, float[] b, int bo, int oo, int outLen) {
        static Case random(Random r) {
            int n = r.nextInt(101), ao = r.nextInt(9), bo = r.nextInt(9), oo = r.nextInt(9);
            float[] a = fill(r, ao + n + r.nextInt(5)), b = fill(r, bo + n + r.nextInt(5));
            return new Case(n, a, ao, b, bo, oo, oo + n + r.nextInt(5));
        }

        float[] out() {
            float[] o = new float[outLen];
            Arrays.fill(o, GUARD);
            return o;
        }
    }

    static float[] fill(Random r, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) v[i] = (float) r.nextGaussian() * (r.nextInt(10) == 0 ? 100 : 1);
        return v;
    }

    /** Elements outside [o, o + n) keep their sentinel. */
    static void assertGuarded(float[] out, int o, int n, String what) {
        for (int i = 0; i < out.length; i++)
            if ((i < o || i >= o + n) && out[i] != GUARD) fail(what + ": wrote element " + i + " outside [" + o + ", " + (o + n) + ")");
    }

    interface Elementwise {
        void run(VectorOps v, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);
    }

    interface Exact {
        double apply(double a, double b);
    }

    private static void checkElementwise(String name, Elementwise op, Exact ref) {
        Random r = new Random(name.hashCode());
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float[] out = c.out();
                op.run(v, c.a, c.ao, c.b, c.bo, out, c.oo, c.n);
                String what = v.name() + " " + name + " n=" + c.n;
                for (int i = 0; i < c.n; i++) {
                    // one IEEE operation: the float result is the double result rounded
                    float want = (float) ref.apply(c.a[c.ao + i], c.b[c.bo + i]);
                    assertEquals(want, out[c.oo + i], what + " element " + i);
                }
                assertGuarded(out, c.oo, c.n, what);
            }
        }
    }

    @Test
    void add() {
        checkElementwise("add", VectorOps::add, Double::sum);
    }

    @Test
    void sub() {
        checkElementwise("sub", VectorOps::sub, (a, b) -> a - b);
    }

    @Test
    void mul() {
        checkElementwise("mul", VectorOps::mul, (a, b) -> a * b);
    }

    @Test
    void div() {
        checkElementwise("div", VectorOps::div, (a, b) -> (float) a / (float) b); // float division, exactly rounded
    }

    @Test
    void elementwiseWorksInPlace() {
        for (VectorOps v : impls()) {
            float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
            v.add(a, 0, a, 0, a, 0, a.length);
            for (int i = 0; i < a.length; i++) assertEquals(2f * (i + 1), a[i], v.name());
        }
    }

    @Test
    void scaleShift() {
        Random r = new Random(11);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float s = (float) r.nextGaussian(), sh = (float) r.nextGaussian();
                float[] out = c.out();
                v.scaleShift(c.a, c.ao, s, sh, out, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    double want = (double) c.a[c.ao + i] * s + sh;
                    // fused or not: within one rounding of the product and one of the sum
                    assertEquals(want, out[c.oo + i], 2 * Math.ulp(Math.abs(c.a[c.ao + i] * s)) + Math.ulp((float) want) + 1e-30,
                            v.name() + " scaleShift element " + i);
                }
                assertGuarded(out, c.oo, c.n, v.name() + " scaleShift");
            }
        }
    }

    @Test
    void axpy() {
        Random r = new Random(12);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float alpha = (float) r.nextGaussian();
                float[] y = c.out();
                for (int i = 0; i < c.n; i++) y[c.oo + i] = (float) r.nextGaussian();
                float[] before = y.clone();
                v.axpy(alpha, c.a, c.ao, y, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    double prod = (double) alpha * c.a[c.ao + i], want = before[c.oo + i] + prod;
                    assertEquals(want, y[c.oo + i], Math.ulp((float) Math.abs(prod)) + Math.ulp((float) want) + 1e-30, v.name() + " axpy element " + i);
                }
                assertGuarded(y, c.oo, c.n, v.name() + " axpy");
            }
        }
    }

    @Test
    void dotAndSum() {
        Random r = new Random(13);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                double dot = 0, dotAbs = 0, sum = 0, sumAbs = 0;
                for (int i = 0; i < c.n; i++) {
                    double p = (double) c.a[c.ao + i] * c.b[c.bo + i];
                    dot += p;
                    dotAbs += Math.abs(p);
                    sum += c.a[c.ao + i];
                    sumAbs += Math.abs(c.a[c.ao + i]);
                }
                // any summation order: error at most about n·u·Σ|terms|
                double u = 0x1p-24;
                assertEquals(dot, v.dot(c.a, c.ao, c.b, c.bo, c.n), (c.n + 1) * u * dotAbs + 1e-30, v.name() + " dot n=" + c.n);
                assertEquals(sum, v.sum(c.a, c.ao, c.n), (c.n + 1) * u * sumAbs + 1e-30, v.name() + " sum n=" + c.n);
            }
            assertEquals(0f, v.dot(new float[0], 0, new float[0], 0, 0));
            assertEquals(0f, v.sum(new float[3], 3, 0));
        }
    }

    @Test
    void scalarAndPanamaAgree() {
        List<VectorOps> impls = impls();
        if (impls.size() < 2) return;
        VectorOps s = impls.get(0), p = impls.get(1);
        Random r = new Random(14);
        for (int t = 0; t < TRIALS; t++) {
            Case c = Case.random(r);
            float ds = s.dot(c.a, c.ao, c.b, c.bo, c.n), dp = p.dot(c.a, c.ao, c.b, c.bo, c.n);
            double scale = 0;
            for (int i = 0; i < c.n; i++) scale += Math.abs((double) c.a[c.ao + i] * c.b[c.bo + i]);
            assertEquals(ds, dp, 2 * (c.n + 1) * 0x1p-24 * scale + 1e-30, "dot n=" + c.n);
            assertEquals(s.max(c.a, c.ao, c.n), p.max(c.a, c.ao, c.n), "max n=" + c.n);
            float[] os = c.out(), op = c.out();
            s.mul(c.a, c.ao, c.b, c.bo, os, c.oo, c.n);
            p.mul(c.a, c.ao, c.b, c.bo, op, c.oo, c.n);
            assertTrue(Arrays.equals(os, op), "mul n=" + c.n);
        }
    }

    @Test
    void max() {
        Random r = new Random(15);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float want = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < c.n; i++) want = Math.max(want, c.a[c.ao + i]);
                assertEquals(want, v.max(c.a, c.ao, c.n), v.name() + " max n=" + c.n);
                if (c.n > 0) { // a NaN anywhere wins, as torch.max
                    float[] a = c.a.clone();
                    a[c.ao + r.nextInt(c.n)] = Float.NaN;
                    assertTrue(Float.isNaN(v.max(a, c.ao, c.n)), v.name() + " max with NaN, n=" + c.n);
                }
            }
            assertEquals(Float.NEGATIVE_INFINITY, v.max(new float[4], 2, 0), v.name() + " max of nothing");
            float[] neg = new float[40];
            Arrays.fill(neg, -3f);
            neg[37] = -1f;
            assertEquals(-1f, v.max(neg, 0, 40), v.name());
        }
    }

    @Test
    void providerChoosesAWorkingImplementation() {
        VectorOps v = VectorOps.get();
        assertTrue(v instanceof ScalarVectorOps || v instanceof PanamaVectorOps, v.name());
        if (VectorProvider.whyNotVector() == null) assertTrue(v instanceof PanamaVectorOps, "the Vector API is usable here, yet " + v.name() + " was chosen");
        assertEquals(6f, v.sum(new float[] {1, 2, 3}, 0, 3));
    }
}
