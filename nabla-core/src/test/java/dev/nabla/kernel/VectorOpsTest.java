package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    // ---- activations

    static final float[] SPECIAL = {0f, -0f, 1e-3f, -1e-3f, 1f, -1f, 30f, -30f, 90f, -90f, 1e20f, -1e20f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    /** Gaussian values at a few scales, with special values sprinkled in. */
    static float[] activationInputs(Random r, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            int k = r.nextInt(20);
            v[i] = k == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian() * (k < 3 ? 12 : 3);
        }
        return v;
    }

    /** Same NaN-ness and same infinities; else within 4 ulp of want plus abs·(1 + |x|) (approximations in x's units), or 1e-30. */
    static void assertClose(float want, float got, float x, double abs, String what) {
        if (Float.isNaN(want) || Float.isNaN(got) || Float.isInfinite(want) || Float.isInfinite(got)) {
            assertEquals(want, got, what + " at x=" + x);
            return;
        }
        assertEquals(want, got, 4 * Math.ulp(want) + (abs == 0 ? 0 : abs * (1 + Math.abs(x))) + 1e-30, what + " at x=" + x);
    }

    /** How far the vector kernels may be from the double-precision reference, beyond 4 ulp (see assertClose). */
    static double activationTolerance(UnaryOp op) {
        return switch (op) {
            case GELU, ERF -> 1.5e-7;     // the polynomial erfc / erf
            case GELU_TANH, SILU -> 1e-7; // the argument of tanh / exp rounded to float
            default -> 0;
        };
    }

    @Test
    void unaryActivations() {
        Random r = new Random(21);
        ScalarVectorOps ref = new ScalarVectorOps();
        for (VectorOps v : impls()) {
            for (UnaryOp op : UnaryOp.values()) {
                for (int t = 0; t < TRIALS; t++) {
                    int n = r.nextInt(101), xo = r.nextInt(9), go = r.nextInt(9), oo = r.nextInt(9);
                    float[] x = activationInputs(r, xo + n + r.nextInt(5)), g = fill(r, go + n + r.nextInt(5));
                    float[] want = new float[n], out = new float[oo + n + r.nextInt(5)];
                    Arrays.fill(out, GUARD);
                    ref.unary(op, x, xo, want, 0, n);
                    v.unary(op, x, xo, out, oo, n);
                    String what = v.name() + " " + op + " n=" + n;
                    for (int i = 0; i < n; i++) assertClose(want[i], out[oo + i], x[xo + i], activationTolerance(op), what);
                    assertGuarded(out, oo, n, what);

                    // backward from the reference's output or from the input, as the op wants
                    float[] s = op.gradFromOutput ? want : Arrays.copyOfRange(x, xo, xo + n);
                    float[] gWant = new float[n], gOut = new float[oo + n + r.nextInt(5)];
                    Arrays.fill(gOut, GUARD);
                    ref.unaryBackward(op, g, go, s, 0, gWant, 0, n);
                    v.unaryBackward(op, g, go, s, 0, gOut, oo, n);
                    for (int i = 0; i < n; i++)
                        assertClose(gWant[i], gOut[oo + i], x[xo + i], activationTolerance(op) * Math.abs(g[go + i]) * 2, what + " backward");
                    assertGuarded(gOut, oo, n, what + " backward");
                }
            }
        }
    }

    @Test
    void softplusActivation() {
        Random r = new Random(22);
        ScalarVectorOps ref = new ScalarVectorOps();
        float[][] params = {{1, 20}, {2, 20}, {1, 2}, {4, 2}, {0.5f, 1}, {1, 100}};
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                float beta = params[t % params.length][0], threshold = params[t % params.length][1];
                int n = r.nextInt(101), xo = r.nextInt(9), oo = r.nextInt(9);
                float[] x = activationInputs(r, xo + n + r.nextInt(5)), g = fill(r, n);
                float[] want = new float[n], out = new float[oo + n + r.nextInt(5)];
                Arrays.fill(out, GUARD);
                ref.softplus(beta, threshold, x, xo, want, 0, n);
                v.softplus(beta, threshold, x, xo, out, oo, n);
                String what = v.name() + " softplus beta=" + beta + " threshold=" + threshold;
                for (int i = 0; i < n; i++) assertClose(want[i], out[oo + i], x[xo + i], 0, what);
                assertGuarded(out, oo, n, what);
                float[] gWant = new float[n], gOut = new float[oo + n + r.nextInt(5)];
                Arrays.fill(gOut, GUARD);
                ref.softplusBackward(beta, threshold, g, 0, x, xo, gWant, 0, n);
                v.softplusBackward(beta, threshold, g, 0, x, xo, gOut, oo, n);
                for (int i = 0; i < n; i++) assertClose(gWant[i], gOut[oo + i], x[xo + i], 0, what + " backward");
                assertGuarded(gOut, oo, n, what + " backward");
            }
        }
    }

    /** The float erf and GELU against the double-precision ones on a dense grid, including the far tails. */
    @Test
    void erfAndGeluAccuracy() {
        int n = 400_001;
        float[] x = new float[n], out = new float[n], ones = new float[n];
        for (int i = 0; i < n; i++) x[i] = -20f + i * 1e-4f;
        Arrays.fill(ones, 1f);
        for (VectorOps v : impls()) {
            v.unary(UnaryOp.ERF, x, 0, out, 0, n);
            for (int i = 0; i < n; i++) assertEquals(Activations.erf((double) x[i]), out[i], 1.2e-7, v.name() + " erf(" + x[i] + ")");
            v.unary(UnaryOp.GELU, x, 0, out, 0, n);
            for (int i = 0; i < n; i++) {
                double phi = Math.max(0, 0.5 * (1 + Activations.erf(x[i] / Math.sqrt(2)))), want = x[i] * phi;
                // Φ to about 1e-7 absolute, and relatively in the left tail where Φ is tiny (down to the reference's 1e-12)
                assertEquals(want, out[i], Math.abs(x[i]) * (Math.min(1e-7, 1e-6 * phi) + 2e-12) + Math.ulp((float) want) + 1e-40, v.name() + " gelu(" + x[i] + ")");
            }
            v.unaryBackward(UnaryOp.GELU, ones, 0, x, 0, out, 0, n);
            for (int i = 0; i < n; i++)
                assertEquals(Activations.geluGrad(x[i]), out[i], 1.5e-7 + 2 * Math.ulp(Activations.geluGrad(x[i])), v.name() + " gelu'(" + x[i] + ")");
        }
    }

    /** GELU's loops with the coefficients in registers give the same bits as the portable ones (used where L is not 16). */
    @Test
    void geluTableLoopsEqualThePortableOnes() {
        if (!(VectorOps.get() instanceof PanamaVectorOps) || !PanamaVectorOps.GELU_IN_REGISTERS) return;
        int n = 1 << 12, l = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] x = activationInputs(new Random(31), n), g = fill(new Random(32), n);
        for (int i = 0; i < SPECIAL.length; i++) x[i] = SPECIAL[i];
        float[] table = new float[n], portable = new float[n];
        VectorOps.get().unary(UnaryOp.GELU, x, 0, table, 0, n);
        PanamaVectorOps.geluPiecewiseLoop(x, 0, portable, 0, n - n % l);
        assertArrayEquals(Arrays.copyOf(table, n - n % l), Arrays.copyOf(portable, n - n % l), "gelu");
        VectorOps.get().unaryBackward(UnaryOp.GELU, g, 0, x, 0, table, 0, n);
        PanamaVectorOps.geluGradPiecewiseLoop(g, 0, x, 0, portable, 0, n - n % l);
        assertArrayEquals(Arrays.copyOf(table, n - n % l), Arrays.copyOf(portable, n - n % l), "gelu backward");
    }

    // ---- exp, softmax and normalisation

    /** Like fill, and now and then an infinity, a NaN or a value far outside exp's range. */
    static float[] fillWild(Random r, int len) {
        float[] v = fill(r, len);
        float[] wild = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -120f, -95f, -87.5f, 88.5f, 90f};
        if (r.nextInt(4) == 0) for (int k = 0; k < 1 + len / 16; k++) if (len > 0) v[r.nextInt(len)] = wild[r.nextInt(wild.length)];
        return v;
    }

    /** Within ulps of want (NaN and infinities exactly), allowing a subnormal result an absolute error of as much. */
    static void assertNear(double want, float got, double ulps, String what) {
        if (Double.isNaN(want) || Double.isInfinite(want) || Float.isInfinite((float) want)) {
            assertEquals((float) want, got, what);
            return;
        }
        double tol = ulps * Math.max(Math.ulp((float) want), Float.MIN_VALUE);
        assertEquals(want, got, tol, what);
    }

    @Test
    void expShiftedAndSum() {
        Random r = new Random(21);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                int n = r.nextInt(101), xo = r.nextInt(9), oo = r.nextInt(9);
                float[] x = fillWild(r, xo + n + r.nextInt(5));
                float shift = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian() * 5;
                float[] out = new float[oo + n + r.nextInt(5)];
                Arrays.fill(out, GUARD);
                float sum = v.expShifted(x, xo, shift, out, oo, n);
                double want = 0, abs = 0;
                for (int i = 0; i < n; i++) {
                    double e = Math.exp(x[xo + i] - shift); // the float difference, then exp exactly
                    assertNear(e, out[oo + i], 2, v.name() + " expShifted n=" + n + " x=" + x[xo + i] + " element " + i);
                    want += e;
                    abs += Math.abs(e);
                }
                assertGuarded(out, oo, n, v.name() + " expShifted");
                if (Double.isFinite(want) && Float.isFinite((float) want)) {
                    assertEquals(want, sum, (n + 3) * 0x1p-24 * abs + 1e-30, v.name() + " expShifted sum n=" + n);
                    assertEquals(want, v.sumExpShifted(x, xo, shift, n), (n + 3) * 0x1p-24 * abs + 1e-30, v.name() + " sumExpShifted n=" + n);
                } else {
                    assertEquals((float) want, sum, v.name() + " expShifted sum n=" + n);
                    assertEquals((float) want, v.sumExpShifted(x, xo, shift, n), v.name() + " sumExpShifted n=" + n);
                }
            }
        }
    }

    @Test
    void expSpecialValues() {
        float[] x = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -103.9f, -100f, -87.5f, -86.1f, -85.9f,
                88.7f, 88.73f, 0f, -0f, 1f, -1e-30f, 1e-30f, 87.9f, 88.1f, -104f, 20f};
        for (VectorOps v : impls()) {
            float[] out = new float[x.length];
            v.expScaleShift(x, 0, 0f, 1f, 0f, out, 0, x.length);
            for (int i = 0; i < x.length; i++) assertNear(Math.exp(x[i]), out[i], 1, v.name() + " exp(" + x[i] + ")");
        }
    }

    @Test
    void expAccuracyOverTheRange() {
        Random r = new Random(22);
        int n = 4096;
        float[] x = new float[n], out = new float[n];
        for (VectorOps v : impls()) {
            double worst = 0;
            for (int t = 0; t < 40; t++) {
                double span = t % 2 == 0 ? 2 : 110;
                for (int i = 0; i < n; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * span);
                v.expScaleShift(x, 0, 0f, 1f, 0f, out, 0, n);
                for (int i = 0; i < n; i++) {
                    double e = Math.exp(x[i]);
                    if (!Float.isFinite((float) e)) continue;
                    worst = Math.max(worst, Math.abs(out[i] - e) / Math.max(Math.ulp((float) e), Float.MIN_VALUE));
                }
            }
            assertTrue(worst <= 1.5, v.name() + " exp is off by " + worst + " ulp");
        }
    }

    @Test
    void expScaleShiftAndSubScaledExp() {
        Random r = new Random(23);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float shift = (float) r.nextGaussian() * 3, s = (float) r.nextGaussian(), sh = (float) r.nextGaussian();
                float[] out = c.out();
                v.expScaleShift(c.a, c.ao, shift, s, sh, out, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    double e = Math.exp(c.a[c.ao + i] - shift), want = s * e + sh;
                    double tol = 3 * Math.ulp((float) Math.abs(s * e)) + Math.ulp((float) want) + 1e-30;
                    if (Float.isFinite((float) e) && Float.isFinite((float) (s * e))) assertEquals(want, out[c.oo + i], tol, v.name() + " expScaleShift element " + i);
                    else assertEquals(s * (float) e + sh, out[c.oo + i], v.name() + " expScaleShift element " + i);
                }
                assertGuarded(out, c.oo, c.n, v.name() + " expScaleShift");
                out = c.out();
                v.subScaledExp(c.a, c.ao, c.b, c.bo, s, out, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    double e = Math.exp(c.b[c.bo + i]), se = s * e, want = c.a[c.ao + i] - se;
                    if (Float.isFinite((float) e) && Float.isFinite((float) se))
                        assertEquals(want, out[c.oo + i], 3 * Math.ulp((float) Math.abs(se)) + Math.ulp((float) want) + 1e-30, v.name() + " subScaledExp element " + i);
                    else assertEquals(c.a[c.ao + i] - s * (float) e, out[c.oo + i], v.name() + " subScaledExp element " + i);
                }
                assertGuarded(out, c.oo, c.n, v.name() + " subScaledExp");
            }
        }
    }

    @Test
    void addMul() {
        Random r = new Random(24);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float sh = (float) r.nextGaussian();
                float[] out = c.out();
                v.addMul(c.a, c.ao, sh, c.b, c.bo, out, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    float sum = c.a[c.ao + i] + sh;
                    assertEquals((float) ((double) sum * c.b[c.bo + i]), out[c.oo + i], v.name() + " addMul element " + i);
                }
                assertGuarded(out, c.oo, c.n, v.name() + " addMul");
            }
        }
    }

    @Test
    void rowReductions() {
        Random r = new Random(25);
        double u = 0x1p-24;
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float mu = (float) r.nextGaussian();
                double ss = 0, ssAbs = 0, sg = 0, sgAbs = 0, dc = 0, dcAbs = 0, sum = 0, sumAbs = 0;
                for (int i = 0; i < c.n; i++) {
                    double d = c.a[c.ao + i] - mu, g = c.b[c.bo + i];
                    ss += d * d;
                    sg += g;
                    sgAbs += Math.abs(g);
                    dc += g * d;
                    dcAbs += Math.abs(g * d);
                    sum += c.a[c.ao + i];
                    sumAbs += Math.abs(c.a[c.ao + i]);
                }
                ssAbs = ss;
                String what = v.name() + " n=" + c.n;
                float[] sums = {GUARD, GUARD};
                v.sumsCentered(c.a, c.ao, mu, c.n, sums);
                assertEquals(sum - c.n * (double) mu, sums[0], (c.n + 2) * u * (sumAbs + c.n * Math.abs(mu)) + 1e-30, what + " sumsCentered sum");
                assertEquals(ss, sums[1], (c.n + 3) * u * ssAbs + 1e-30, what + " sumsCentered squares");
                v.sumAndDotCentered(c.b, c.bo, c.a, c.ao, mu, c.n, sums);
                assertEquals(sg, sums[0], (c.n + 1) * u * sgAbs + 1e-30, what + " sumAndDotCentered sum");
                assertEquals(dc, sums[1], (c.n + 3) * u * dcAbs + 1e-30, what + " sumAndDotCentered dot");
                assertEquals(sum, v.sumUnrolled(c.a, c.ao, c.n), (c.n + 1) * u * sumAbs + 1e-30, what + " sumUnrolled");
                assertEquals(v.max(c.a, c.ao, c.n), v.maxUnrolled(c.a, c.ao, c.n), what + " maxUnrolled");
                if (c.n > 0) {
                    float[] a = c.a.clone();
                    a[c.ao + r.nextInt(c.n)] = Float.NaN;
                    assertTrue(Float.isNaN(v.maxUnrolled(a, c.ao, c.n)), what + " maxUnrolled with NaN");
                }
            }
            assertEquals(Float.NEGATIVE_INFINITY, v.maxUnrolled(new float[4], 2, 0), v.name() + " maxUnrolled of nothing");
        }
    }

    @Test
    void normalisationRows() {
        Random r = new Random(26);
        for (VectorOps v : impls()) {
            for (int t = 0; t < TRIALS; t++) {
                Case c = Case.random(r);
                float[] w = fill(r, c.n + 3), bias = fill(r, c.n + 3);
                float mu = (float) r.nextGaussian(), rs = (float) Math.abs(r.nextGaussian()) + 0.1f;
                float s = (float) r.nextGaussian(), tt = (float) r.nextGaussian(), uu = (float) r.nextGaussian();
                String what = v.name() + " n=" + c.n;
                float[] out = c.out(), plain = c.out(), back = c.out(), acc = c.out();
                for (int i = 0; i < c.n; i++) acc[c.oo + i] = (float) r.nextGaussian();
                float[] acc0 = acc.clone();
                v.normAffine(c.a, c.ao, mu, rs, w, 2, bias, 3, out, c.oo, c.n);
                v.normAffine(c.a, c.ao, mu, rs, null, 0, null, 0, plain, c.oo, c.n);
                v.normBackward(c.b, c.bo, c.a, c.ao, mu, s, tt, uu, back, c.oo, c.n);
                v.accCenteredMul(c.b, c.bo, c.a, c.ao, mu, rs, acc, c.oo, c.n);
                for (int i = 0; i < c.n; i++) {
                    float x = c.a[c.ao + i], g = c.b[c.bo + i];
                    float d = x - mu; // exact in both, the same float subtraction
                    double xh = (double) d * rs, aff = xh * w[2 + i] + bias[3 + i];
                    assertEquals((float) xh, plain[c.oo + i], what + " normAffine without w, b, element " + i);
                    assertEquals(aff, out[c.oo + i], 2 * Math.ulp((float) Math.abs(xh * w[2 + i])) + Math.ulp((float) aff) + 1e-30, what + " normAffine element " + i);
                    double bw = (double) g * s + (double) d * tt + uu;
                    double bwTol = 2 * (Math.ulp((float) Math.abs(g * s)) + Math.ulp((float) Math.abs(d * tt)) + Math.ulp(Math.abs(uu))) + Math.ulp((float) bw) + 1e-30;
                    assertEquals(bw, back[c.oo + i], bwTol, what + " normBackward element " + i);
                    double am = acc0[c.oo + i] + g * xh;
                    assertEquals(am, acc[c.oo + i], 2 * Math.ulp((float) Math.abs(g * xh)) + Math.ulp((float) am) + 1e-30, what + " accCenteredMul element " + i);
                }
                assertGuarded(out, c.oo, c.n, what + " normAffine");
                assertGuarded(plain, c.oo, c.n, what + " normAffine plain");
                assertGuarded(back, c.oo, c.n, what + " normBackward");
                for (int i = 0; i < acc.length; i++) if (i < c.oo || i >= c.oo + c.n) assertEquals(GUARD, acc[i], what + " accCenteredMul wrote element " + i);
            }
        }
    }

    @Test
    void axpyPairIsTwoAxpys() {
        Random r = new Random(46);
        for (VectorOps v : new VectorOps[] {new ScalarVectorOps(), VectorOps.get()}) {
            for (int n : new int[] {1, 15, 16, 17, 100, 300}) {
                float[] x = new float[n + 3], y = new float[n + 5], acc = new float[n + 2];
                for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
                for (int i = 0; i < y.length; i++) y[i] = r.nextFloat() - 0.5f;
                for (int i = 0; i < acc.length; i++) acc[i] = r.nextFloat() - 0.5f;
                float[] y2 = y.clone(), acc2 = acc.clone();
                v.axpyPair(0.3f, x, 2, y, 4, acc, 1, n);
                v.axpy(0.3f, y2, 4, acc2, 1, n);
                v.axpy(0.3f, x, 2, y2, 4, n);
                assertArrayEquals(y2, y, v.name() + " n=" + n + " y");
                assertArrayEquals(acc2, acc, v.name() + " n=" + n + " acc");
            }
        }
    }

    @Test
    void dotTileComputesEveryProductOfItsTile() {
        Random r = new Random(44);
        for (VectorOps v : new VectorOps[] {new ScalarVectorOps(), VectorOps.get()}) {
            for (int k : new int[] {1, 15, 16, 17, 100, 1000}) {
                for (int rows = 1; rows <= 4; rows++) {
                    for (int cols = 1; cols <= 4; cols++) {
                        int lda = k + 2, ldb = k + 5, ldc = 7, ao = 3, bo = 1, co = 2;
                        float[] a = new float[ao + rows * lda], b = new float[bo + cols * ldb], c = new float[co + 4 * ldc + 1];
                        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
                        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
                        java.util.Arrays.fill(c, GUARD);
                        for (boolean acc : new boolean[] {false, true}) {
                            float[] before = c.clone();
                            v.dotTile(a, ao, lda, rows, b, bo, ldb, cols, k, c, co, ldc, acc);
                            for (int q = 0; q < c.length; q++) {
                                int i = (q - co) / ldc, j = (q - co) % ldc;
                                String what = v.name() + " k=" + k + " " + rows + "x" + cols + " acc=" + acc + " q=" + q;
                                if (q < co || i >= rows || j >= cols) {
                                    assertEquals(before[q], c[q], what + " outside the tile");
                                    continue;
                                }
                                double d = 0;
                                for (int p = 0; p < k; p++) d += (double) a[ao + i * lda + p] * b[bo + j * ldb + p];
                                assertEquals(d + (acc ? before[q] : 0), c[q], 1e-4 * Math.sqrt(k) + (acc ? 1e-3 : 0), what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void copyRowsAndAddRowsMoveExactlyTheirBlock() {
        Random r = new Random(45);
        for (VectorOps v : new VectorOps[] {new ScalarVectorOps(), VectorOps.get()}) {
            for (int len : new int[] {1, 5, 10, 16, 17, 28, 40}) {
                for (int rows : new int[] {1, 3, 10}) {
                    int xStride = len + r.nextInt(5), outStride = len + r.nextInt(3), xo = 2, oo = 3;
                    float[] x = new float[xo + rows * xStride + r.nextInt(3)];
                    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
                    int limit = oo + (rows - 1) * outStride + len + r.nextInt(20);
                    float[] out = new float[limit + 5];
                    java.util.Arrays.fill(out, GUARD);
                    v.copyRows(x, xo, xStride, rows, len, out, oo, outStride, limit);
                    String what = v.name() + " len=" + len + " rows=" + rows;
                    for (int q = 0; q < oo; q++) assertEquals(GUARD, out[q], what + " copy wrote before the block");
                    for (int q = limit; q < out.length; q++) assertEquals(GUARD, out[q], what + " copy wrote past the limit");
                    for (int i = 0; i < rows; i++)
                        for (int t = 0; t < len; t++) assertEquals(x[xo + i * xStride + t], out[oo + i * outStride + t], what);

                    float[] c = new float[oo + rows * outStride + r.nextInt(3)];
                    for (int i = 0; i < c.length; i++) c[i] = r.nextFloat();
                    float[] before = x.clone();
                    int xLimit = Math.min(x.length, xo + (rows - 1) * xStride + len + r.nextInt(20));
                    v.addRows(c, oo, outStride, rows, len, x, xo, xStride, xLimit);
                    boolean[] inBlock = new boolean[x.length];
                    for (int i = 0; i < rows; i++)
                        for (int t = 0; t < len; t++) {
                            int q = xo + i * xStride + t;
                            inBlock[q] = true;
                            assertEquals(before[q] + c[oo + i * outStride + t], x[q], what + " add");
                        }
                    for (int q = 0; q < x.length; q++) if (!inBlock[q]) assertEquals(before[q], x[q], what + " add changed element " + q);
                }
            }
        }
    }

    @Test
    void maxPool2x2MatchesTheScalarScanWithTiesAndNaNs() {
        Random r = new Random(43);
        VectorOps scalar = new ScalarVectorOps(), v = VectorOps.get();
        for (int[] hw : new int[][] {{2, 2}, {10, 10}, {28, 28}, {6, 33}, {4, 64}, {8, 70}}) {
            int h = hw[0], w = hw[1], oh = h / 2, ow = w / 2, xo = 3, ao = 5;
            float[] x = new float[xo + h * w + 1];
            for (int i = 0; i < x.length; i++) {
                int kind = r.nextInt(10); // small integers make ties; some NaNs
                x[i] = kind == 0 ? Float.NaN : kind < 5 ? r.nextInt(3) : r.nextFloat();
            }
            float[] o1 = new float[ao + oh * ow + 1], o2 = o1.clone();
            int[] a1 = new int[o1.length], a2 = new int[o1.length];
            java.util.Arrays.fill(o1, GUARD); java.util.Arrays.fill(o2, GUARD);
            scalar.maxPool2x2(x, xo, w, oh, ow, o1, ao, a1, ao);
            v.maxPool2x2(x, xo, w, oh, ow, o2, ao, a2, ao);
            String what = v.name() + " " + h + "x" + w;
            for (int i = 0; i < o1.length; i++) {
                assertEquals(Float.floatToRawIntBits(o1[i]), Float.floatToRawIntBits(o2[i]), what + " value " + i);
                assertEquals(a1[i], a2[i], what + " index " + i);
            }
            assertEquals(GUARD, o2[ao - 1], what + " wrote before the output");
            assertEquals(GUARD, o2[ao + oh * ow], what + " wrote after the output");
        }
    }

    // ---- GEMM packing

    @Test
    void packTransposedIsATranspose() {
        Random r = new Random(41);
        for (VectorOps v : new VectorOps[] {new ScalarVectorOps(), VectorOps.get()}) {
            for (int w : new int[] {v.gemmNr(), v.gemmMr()}) {
                for (int kc : new int[] {1, 15, 16, 17, 40, 384}) {
                    int ldb = kc + 3, bo = 5, bpo = 7;
                    float[] b = new float[bo + w * ldb];
                    for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
                    float[] bp = new float[bpo + kc * w + 2];
                    java.util.Arrays.fill(bp, GUARD);
                    v.packTransposed(b, bo, ldb, w, kc, bp, bpo);
                    String what = v.name() + " w=" + w + " kc=" + kc;
                    for (int p = 0; p < kc; p++)
                        for (int j = 0; j < w; j++)
                            assertEquals(b[bo + j * ldb + p], bp[bpo + p * w + j], what + " p=" + p + " j=" + j);
                    for (int i = 0; i < bpo; i++) assertEquals(GUARD, bp[i], what + " wrote before the output");
                    assertEquals(GUARD, bp[bpo + kc * w], what + " wrote after the output");
                }
            }
        }
    }
}
