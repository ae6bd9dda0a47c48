package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * exp, log and tanh: accuracy against the double-precision library over dense sweeps of the float line; the same bits
 * from the scalar and the vector kernels; and the same bits on every call, before and after the JIT compiles them.
 */
class TranscendentalsTest {
    static final ScalarVectorOps SCALAR = new ScalarVectorOps();

    /** The Panama kernels where the Vector API is usable here, else null. */
    static VectorOps panama() {
        try {
            return new PanamaVectorOps();
        } catch (UnsupportedOperationException | LinkageError e) {
            System.out.println("TranscendentalsTest: Panama vectors unavailable (" + e.getMessage() + "); scalar only");
            return null;
        }
    }

    /** Every step-th float with bits in [from, to] (as signed ints, so negative floats count down), plus the given extras. */
    static float[] sweep(int from, int to, int step, float... extras) {
        int count = (int) (((long) to - from) / step + 1);
        float[] x = new float[count + extras.length];
        for (int i = 0; i < count; i++) {
            int bits = from + i * step;
            x[i] = Float.intBitsToFloat(bits < 0 ? -bits | 0x80000000 : bits);
        }
        System.arraycopy(extras, 0, x, count, extras.length);
        return x;
    }

    static int signedBits(float f) {
        int b = Float.floatToRawIntBits(f);
        return b < 0 ? -(b & 0x7fffffff) : b;
    }

    /** The largest error in ulps of y against the exact value; infinities and NaN must match exactly. */
    static double maxUlp(String name, float[] x, float[] y, DoubleUnaryOperator exact) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            float want = (float) e;
            if (Double.isNaN(e) || Float.isInfinite(want) || want == 0) {
                if (Float.compare(want, y[i]) != 0 && !(want == 0 && y[i] == 0 && Math.abs(e) < Float.MIN_VALUE / 2.0))
                    fail(name + "(" + x[i] + ") = " + y[i] + ", want " + want);
                continue;
            }
            double err = Math.abs(y[i] - e) / Math.ulp(want);
            if (err > worst) worst = err;
        }
        return worst;
    }

    static float[] run(VectorOps v, UnaryOp op, float[] x) {
        float[] y = new float[x.length];
        v.unary(op, x, 0, y, 0, x.length);
        return y;
    }

    static void assertSameBits(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++)
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i]))
                fail(what + ": element " + i + " is " + got[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(got[i])) + "), want "
                        + want[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(want[i])) + ")");
    }

    /** Accuracy of op over x in both implementations, which must agree bit for bit; returns the larger ulp error. */
    static double check(UnaryOp op, float[] x, DoubleUnaryOperator exact) {
        float[] ys = run(SCALAR, op, x);
        double ulp = maxUlp(op + " scalar", x, ys, exact);
        VectorOps p = panama();
        if (p != null) assertSameBits(op + " vector vs scalar", ys, run(p, op, x));
        System.out.printf("TranscendentalsTest: %s over %d floats: max error %.3f ulp%n", op, x.length, ulp);
        return ulp;
    }

    static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.625f, -0.625f, Math.nextDown(0.625f),
            88f, Math.nextUp(88f), -86f, Math.nextDown(-86f), 88.72283f, 88.72284f, 89f, 100f, -87.33654f, -103.97208f,
            -103.972084f, -104f, -105f, -200f, 1e-8f, -1e-8f, 1e-30f, 44f, 9.01f, -9.01f};

    @Test
    void expIsWithinOneUlpEverywhere() {
        // floats from -110 to 90 (every 1999th), and near 0
        float[] x = concat(sweep(signedBits(-110f), signedBits(90f), 1999, SPECIAL), sweep(signedBits(-1e-3f), signedBits(1e-3f), 10_007));
        assertTrue(check(UnaryOp.EXP, x, Math::exp) <= 1.0);
        assertEquals(Float.POSITIVE_INFINITY, Transcendentals.exp(88.72284f));
        assertEquals(3.4027e38f, Transcendentals.exp(88.72283f), 1e34f);
        assertEquals(0f, Transcendentals.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.MIN_VALUE, Transcendentals.exp(-103.28f)); // subnormal results round correctly
        assertTrue(Float.isNaN(Transcendentals.exp(Float.NaN)));
    }

    @Test
    void logIsWithinOneUlpEverywhere() {
        // every 1999th positive float, subnormals included, every 13th float near 1, and negatives
        float[] x = concat(sweep(0, Float.floatToRawIntBits(Float.POSITIVE_INFINITY), 1999, SPECIAL),
                sweep(Float.floatToRawIntBits(0.99f), Float.floatToRawIntBits(1.01f), 13), sweep(signedBits(-1e5f), signedBits(-1e-5f), 100_003));
        assertTrue(check(UnaryOp.LOG, x, Math::log) <= 1.0);
        assertEquals(Float.NEGATIVE_INFINITY, Transcendentals.log(0f));
        assertEquals(Float.NEGATIVE_INFINITY, Transcendentals.log(-0f));
        assertTrue(Float.isNaN(Transcendentals.log(-1f)));
        assertTrue(Float.isNaN(Transcendentals.log(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, Transcendentals.log(Float.POSITIVE_INFINITY));
        assertEquals(0f, Transcendentals.log(1f));
    }

    @Test
    void tanhIsWithinTwoUlpOddAndSaturating() {
        float[] x = concat(sweep(signedBits(-20f), signedBits(20f), 2027, SPECIAL), sweep(signedBits(-1e-3f), signedBits(1e-3f), 20_011));
        assertTrue(check(UnaryOp.TANH, x, Math::tanh) <= 2.0);
        for (float v : x) {
            float t = Transcendentals.tanh(v);
            assertTrue(Float.isNaN(v) ? Float.isNaN(t) : Float.floatToRawIntBits(-t) == Float.floatToRawIntBits(Transcendentals.tanh(-v)), "tanh is odd at " + v);
        }
        assertEquals(1f, Transcendentals.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Transcendentals.tanh(-50f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Transcendentals.tanh(-0f)));
    }

    @Test
    void sigmoidAndSoftplusAreAccurate() {
        float[] x = sweep(signedBits(-120f), signedBits(120f), 1999, SPECIAL);
        assertTrue(check(UnaryOp.SIGMOID, x, v -> 1 / (1 + Math.exp(-v))) <= 3.0);
        double worst = 0;
        for (float v : x) {
            if (Float.isNaN(v) || Float.isInfinite(v)) continue;
            double want = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs((double) v)));
            worst = Math.max(worst, Math.abs(Transcendentals.softplus(v) - want) / Math.ulp((float) want));
        }
        System.out.printf("TranscendentalsTest: softplus max error %.3f ulp%n", worst);
        assertTrue(worst <= 3.0, "softplus error " + worst + " ulp");
    }

    static float[] concat(float[]... parts) {
        float[] c = new float[0];
        for (float[] p : parts) {
            int at = c.length;
            c = java.util.Arrays.copyOf(c, at + p.length);
            System.arraycopy(p, 0, c, at, p.length);
        }
        return c;
    }

    /** Random inputs with the special values mixed in, of a length that leaves a tail after the vector body. */
    static float[] mixed(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i < SPECIAL.length && i % 3 == 0 ? SPECIAL[i] : (float) r.nextGaussian() * (r.nextInt(8) == 0 ? 40 : 3);
        return x;
    }

    /** Every activation kernel, forward (op name) and backward (name'), and the softmax exp kernels, by name. */
    static Map<String, float[]> everything(VectorOps v, float[] x, float[] g) {
        Map<String, float[]> out = new LinkedHashMap<>();
        int n = x.length;
        for (UnaryOp op : UnaryOp.values()) {
            float[] y = new float[n], gx = new float[n];
            v.unary(op, x, 0, y, 0, n);
            v.unaryBackward(op, g, 0, op.gradFromOutput ? y : x, 0, gx, 0, n);
            out.put(op.name(), y);
            out.put(op.name() + "'", gx);
        }
        float[] sp = new float[n], spg = new float[n], e = new float[n], es = new float[n], se = new float[n];
        v.softplus(1.5f, 20f, x, 0, sp, 0, n);
        v.softplusBackward(1.5f, 20f, g, 0, x, 0, spg, 0, n);
        float s = v.expShifted(x, 0, 3f, e, 0, n);
        v.expScaleShift(x, 0, 3f, 0.5f, 0.25f, es, 0, n);
        v.subScaledExp(g, 0, x, 0, 0.5f, se, 0, n);
        out.putAll(Map.of("softplus", sp, "softplus'", spg, "expShifted", e, "expScaleShift", es, "subScaledExp", se,
                "sums", new float[] {s, v.sumExpShifted(x, 0, 3f, n)}));
        return out;
    }

    // computed in double by the scalar kernels, or lane sums added in another order
    static final Set<String> NOT_BITWISE = Set.of("GELU", "GELU'", "ERF", "RSQRT", "RSQRT'", "sums");

    @Test
    void everyCallGivesTheSameBitsBeforeAndAfterCompilation() {
        float[] x = mixed(37, 1), g = mixed(37, 2);
        List<VectorOps> impls = new ArrayList<>(List.of(SCALAR));
        if (panama() != null) impls.add(panama());
        for (VectorOps v : impls) {
            Map<String, float[]> first = everything(v, x, g);
            for (int call = 1; call <= 20_000; call++) {
                Map<String, float[]> now = everything(v, x, g);
                for (String k : first.keySet()) assertSameBits(v.name() + " call " + call + ": " + k, first.get(k), now.get(k));
            }
        }
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        VectorOps p = panama();
        if (p == null) return;
        for (int n : new int[] {1, 7, 16, 37, 200}) {
            float[] x = mixed(n, n), g = mixed(n, n + 1);
            Map<String, float[]> s = everything(SCALAR, x, g), v = everything(p, x, g);
            for (String k : s.keySet()) if (!NOT_BITWISE.contains(k)) assertSameBits("n = " + n + ": " + k, s.get(k), v.get(k));
        }
    }
}
