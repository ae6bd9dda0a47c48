package dev.nabla.ops;

import dev.nabla.kernel.Activations;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the pointwise goldens do not cover: erf accuracy, large (parallel) inputs, errors, finite-difference gradients. */
class PointwiseTest {
    // reference values from Python's math.erf
    private static final double[][] ERF = {
            {0.0, 0.0}, {1e-08, 1.1283791670955126e-08}, {0.1, 0.1124629160182849}, {0.125, 0.1403162048013338},
            {0.5, 0.5204998778130465}, {0.875, 0.7840750610598597}, {1.0, 0.8427007929497149}, {1.5, 0.9661051464753108},
            {2.0, 0.9953222650189527}, {2.5, 0.999593047982555}, {3.0, 0.9999779095030014}, {3.5, 0.9999992569016276},
            {4.0, 0.9999999845827421}, {4.5, 0.9999999998033839}, {5.0, 0.9999999999984626}, {5.9, 0.9999999999999999},
    };

    @Test
    void erfMatchesReferenceValues() {
        for (double[] r : ERF) {
            assertEquals(r[1], Activations.erf(r[0]), 1e-13, "erf(" + r[0] + ")");
            assertEquals(-r[1], Activations.erf(-r[0]), 1e-13, "erf(" + -r[0] + ")");
            assertEquals((float) r[1], Activations.erf((float) r[0]), 1e-7, "float erf(" + r[0] + ")");
        }
        assertEquals(1.0, Activations.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Activations.erf(-7.0));
        assertTrue(Double.isNaN(Activations.erf(Double.NaN)));
    }

    @Test
    void erfIsSmoothAcrossTheTableSeams() {
        // derivative check straddling the interval edges (k + 1/2)/4, where the Taylor centre changes
        for (int k = 0; k < 24; k++) {
            double x = (k + 0.5) * 0.25, h = 1e-4;
            double numeric = (Activations.erf(x + h) - Activations.erf(x - h)) / (2 * h);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-x * x), numeric, 1e-8, "erf' at " + x);
        }
    }

    @Test
    void largeNonContiguousInputsUseTheParallelPathCorrectly() {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, 300, 401).transpose(0, 1); // (401, 300), not contiguous
        float[] xv = x.toArray();
        float[] y = x.exp().toArray();
        for (int i = 0; i < xv.length; i++) assertEquals((float) Math.exp(xv[i]), y[i], Math.ulp((float) Math.exp(xv[i]))); // exp is within 1 ulp

        IntTensor m = x.gt(0f);
        int[] mv = m.toArray();
        for (int i = 0; i < xv.length; i++) assertEquals(xv[i] > 0 ? 1 : 0, mv[i]);

        Tensor b = Tensor.randn(g, 300); // broadcast along rows
        float[] bv = b.toArray();
        float[] w = Tensor.where(m, x, b).toArray();
        for (int i = 0; i < xv.length; i++) assertEquals(mv[i] != 0 ? xv[i] : bv[i % 300], w[i], 0f);

        float[] mx = x.maximum(b).toArray();
        for (int i = 0; i < xv.length; i++) assertEquals(Math.max(xv[i], bv[i % 300]), mx[i], 0f);
    }

    @Test
    void maximumTieGradientWithBroadcastSumsHalves() {
        Tensor a = Tensor.of(new float[] {1, 1, 1, 2}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(1f, 1f).requiresGrad(true);
        a.maximum(b).sum().backward();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 1f}, a.grad().toArray());
        assertArrayEquals(new float[] {1f, 0.5f}, b.grad().toArray());
    }

    @Test
    void geluRejectsUnknownApproximation() {
        Tensor x = Tensor.of(1f, 2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.gelu("fast"));
        assertTrue(e.getMessage().contains("gelu") && e.getMessage().contains("fast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.gelu(null));
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        Tensor x = Tensor.zeros(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.where(IntTensor.zeros(5), x, x));
        assertTrue(e.getMessage().startsWith("where") && e.getMessage().contains("[5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.maskedFill(IntTensor.zeros(2, 4), 0f));
        assertTrue(e.getMessage().startsWith("masked_fill") && e.getMessage().contains("[3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.pow(Tensor.zeros(3)));
        assertTrue(e.getMessage().startsWith("pow"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.minimum(Tensor.zeros(2, 1)));
        assertTrue(e.getMessage().startsWith("minimum"), e.getMessage());
    }

    @Test
    void nothingIsRecordedWithoutGrad() {
        Tensor x = Tensor.of(-1f, 0.5f, 2f);
        assertNull(x.gelu().gradFn());
        assertNull(x.pow(x).gradFn());
        assertNull(Tensor.where(IntTensor.of(1, 0, 1), x, x).gradFn());
    }

    @Test
    void whereGradientGoesOnlyToInputsThatNeedIt() {
        Tensor a = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor b = Tensor.scalar(5f);
        Tensor.where(IntTensor.of(1, 0, 1), a, b).sum().backward();
        assertArrayEquals(new float[] {1f, 0f, 1f}, a.grad().toArray());
        assertNull(b.grad());
    }

    @Test
    void smoothOpsMatchFiniteDifferences() {
        float[] xs = {-4f, -2.5f, -1f, -0.3f, 0.2f, 0.7f, 1.3f, 2.9f, 5f};
        checkGrad("gelu", xs, t -> t.gelu());
        checkGrad("gelu tanh", xs, t -> t.gelu("tanh"));
        checkGrad("silu", xs, Tensor::silu);
        checkGrad("softplus", xs, t -> t.softplus(1.5f, 20f));
        checkGrad("sigmoid", xs, Tensor::sigmoid);
        checkGrad("tanh", xs, Tensor::tanh);
        checkGrad("sin", xs, Tensor::sin);
        checkGrad("cos", xs, Tensor::cos);
        float[] pos = {0.2f, 0.5f, 1f, 1.7f, 3f};
        checkGrad("log", pos, Tensor::log);
        checkGrad("sqrt", pos, Tensor::sqrt);
        checkGrad("rsqrt", pos, Tensor::rsqrt);
        checkGrad("pow 1.7", pos, t -> t.pow(1.7f));
        checkGrad("pow base", pos, t -> t.pow(Tensor.of(2.5f)));
        checkGrad("pow exponent", pos, t -> Tensor.scalar(1.8f).pow(t));
    }

    /** Gradient of sum(f(x)) by backward against central differences in double-ish precision. */
    private static void checkGrad(String what, float[] xs, UnaryOperator<Tensor> f) {
        Tensor x = Tensor.of(xs).requiresGrad(true);
        f.apply(x).sum().backward();
        float[] g = x.grad().toArray();
        for (int i = 0; i < xs.length; i++) {
            float h = 1e-2f;
            float[] up = xs.clone(), down = xs.clone();
            up[i] += h;
            down[i] -= h;
            double fu = f.apply(Tensor.of(up)).sum().item(), fd = f.apply(Tensor.of(down)).sum().item();
            double numeric = (fu - fd) / (up[i] - down[i]);
            assertEquals(numeric, g[i], 2e-3 * Math.max(1, Math.abs(numeric)), what + " gradient at x=" + xs[i]);
        }
    }
}
