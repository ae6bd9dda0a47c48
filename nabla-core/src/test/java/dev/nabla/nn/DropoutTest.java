package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dropout cannot match PyTorch's random stream, so its statistics and mask/gradient contract are checked here. */
class DropoutTest {
    private static final int N = 200_000;

    private static Tensor input() {
        return Tensor.rand(new Generator(7), 400, 500).add(0.5f).requiresGrad(true); // no zeros: a zero output means dropped
    }

    @Test
    void keepsAboutOneMinusPAndScalesTheKept() {
        float p = 0.3f, scale = 1f / (1f - p);
        Tensor x = input();
        float[] in = x.toArray(), out = F.dropout(x, p, true, new Generator(42)).toArray();
        int kept = 0;
        for (int i = 0; i < N; i++) {
            if (out[i] == 0f) continue;
            kept++;
            assertEquals(in[i] * scale, out[i], 0f, "kept element " + i + " is scaled by 1/(1-p)");
        }
        double frac = kept / (double) N;
        // binomial std of the fraction is sqrt(p(1-p)/N) ≈ 0.001; allow 5 std
        assertEquals(1 - p, frac, 0.005, "fraction kept");
    }

    @Test
    void gradientIsTheMaskOverOneMinusP() {
        float p = 0.6f, scale = 1f / (1f - p);
        Tensor x = input();
        Tensor y = F.dropout(x, p, true, new Generator(3));
        y.sum().backward();
        float[] out = y.toArray(), g = x.grad().toArray();
        for (int i = 0; i < N; i++) assertEquals(out[i] == 0f ? 0f : scale, g[i], 0f, "gradient at " + i);
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Tensor x = input();
        float[] a = F.dropout(x, 0.5f, true, new Generator(11)).toArray();
        float[] b = F.dropout(x, 0.5f, true, new Generator(11)).toArray();
        float[] c = F.dropout(x, 0.5f, true, new Generator(12)).toArray();
        assertArrayEquals(a, b);
        boolean differ = false;
        for (int i = 0; i < N && !differ; i++) differ = (a[i] == 0f) != (c[i] == 0f);
        assertTrue(differ, "another seed should give another mask");
        // a generator carries on its stream: two calls in a row draw two different masks
        Generator g = new Generator(11);
        float[] first = F.dropout(x, 0.5f, true, g).toArray(), second = F.dropout(x, 0.5f, true, g).toArray();
        assertArrayEquals(a, first);
        assertFalse(java.util.Arrays.equals(first, second));
    }

    @Test
    void identityWhenNotTrainingOrPIsZero() {
        Tensor x = input();
        assertSame(x, F.dropout(x, 0.5f, false, new Generator(1)));
        assertSame(x, F.dropout(x, 0f, true, new Generator(1)));
    }

    @Test
    void pOneGivesZerosAndZeroGradient() {
        Tensor x = input();
        Tensor y = F.dropout(x, 1f, true, new Generator(1));
        assertArrayEquals(new float[N], y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[N], x.grad().toArray());
    }

    @Test
    void nonContiguousInput() {
        Tensor x = input();
        Tensor xt = x.transpose(0, 1);
        float[] out = F.dropout(xt, 0.5f, true, new Generator(5)).toArray(), in = xt.toArray();
        for (int i = 0; i < N; i++) assertTrue(out[i] == 0f || out[i] == in[i] * 2f);
    }

    @Test
    void rejectsPOutsideZeroOne() {
        Tensor x = Tensor.ones(3);
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, 1.5f, true, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, -0.1f, false, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, Float.NaN, true, new Generator(1)));
    }
}
