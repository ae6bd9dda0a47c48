package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {
    @Test
    void sameSeedSameNumbers() {
        assertArrayEquals(Tensor.rand(new Generator(42), 1000).toArray(), Tensor.rand(new Generator(42), 1000).toArray());
        assertArrayEquals(Tensor.randn(new Generator(42), 1001).toArray(), Tensor.randn(new Generator(42), 1001).toArray());
        assertEquals(IntTensor.randint(new Generator(7), -5, 5, 300), IntTensor.randint(new Generator(7), -5, 5, 300));
        Generator g = new Generator(3);
        float[] first = Tensor.rand(g, 50).toArray();
        g.manualSeed(3);
        assertArrayEquals(first, Tensor.rand(g, 50).toArray(), "manualSeed restarts the sequence");
        assertEquals(3, g.initialSeed());
    }

    @Test
    void globalGeneratorReseeds() {
        Generator.seed(11);
        float[] a = Tensor.rand(20).toArray();
        Generator.seed(11);
        assertArrayEquals(a, Tensor.rand(20).toArray());
    }

    @Test
    void differentSeedsDiffer() {
        for (long s = 0; s < 20; s++) {
            float[] a = Tensor.rand(new Generator(s), 64).toArray(), b = Tensor.rand(new Generator(s + 1), 64).toArray();
            int same = 0;
            for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
            assertTrue(same < 2, "seeds " + s + " and " + (s + 1) + " share " + same + " of 64 values");
        }
        assertNotEquals(new Generator(0).nextLong(), new Generator(-1).nextLong());
    }

    @Test
    void randIsInUnitInterval() {
        Generator g = new Generator(5);
        float min = 1, max = 0;
        for (float v : Tensor.rand(g, 1_000_000).toArray()) {
            assertTrue(v >= 0f && v < 1f, "rand gave " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min < 1e-5 && max > 1 - 1e-5, "rand should fill [0, 1): min " + min + ", max " + max);
        for (int i = 0; i < 100_000; i++) {
            double d = g.nextDouble();
            assertTrue(d >= 0 && d < 1, "nextDouble gave " + d);
        }
        float[] u = Tensor.zeros(1000).uniform_(g, -2f, 3f).toArray();
        for (float v : u) assertTrue(v >= -2f && v < 3f, "uniform_(-2, 3) gave " + v);
    }

    @Test
    void randnIsStandardNormal() {
        float[] v = Tensor.randn(new Generator(9), 1_000_000).toArray();
        double s = 0, s2 = 0, s4 = 0;
        int beyond3 = 0;
        for (float x : v) {
            s += x;
            s2 += (double) x * x;
            s4 += (double) x * x * x * x;
            if (Math.abs(x) > 3) beyond3++;
        }
        double mean = s / v.length, var = s2 / v.length - mean * mean;
        // standard errors: mean 1e-3, variance ~1.4e-3; allow about 5 of them
        assertEquals(0, mean, 5e-3, "mean");
        assertEquals(1, Math.sqrt(var), 5e-3, "std");
        assertEquals(3, s4 / v.length, 0.05, "fourth moment (kurtosis of a normal is 3)");
        assertEquals(2700, beyond3, 300, "P(|x| > 3) = 0.27%");
        float[] shifted = Tensor.zeros(100_000).normal_(new Generator(1), 5f, 2f).toArray();
        double m = 0;
        for (float x : shifted) m += x;
        assertEquals(5, m / shifted.length, 0.03, "normal_(5, 2) mean");
    }

    @Test
    void randintIsInBoundsAndUniform() {
        int low = -3, high = 7, k = high - low, n = 200_000;
        int[] v = IntTensor.randint(new Generator(21), low, high, n).toArray();
        int[] counts = new int[k];
        for (int x : v) {
            assertTrue(x >= low && x < high, "randint(" + low + ", " + high + ") gave " + x);
            counts[x - low]++;
        }
        double expected = (double) n / k, chi2 = 0;
        for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
        // 9 degrees of freedom: P(chi2 > 30) is about 0.0004
        assertTrue(chi2 < 30, "randint counts are not uniform: chi2 = " + chi2);
        // a bound that is not a power of two and near 2^31, where a biased modulo would show
        Generator g = new Generator(4);
        int big = (1 << 30) + (1 << 29), above = 0;
        for (int i = 0; i < 100_000; i++) {
            int x = g.nextInt(big);
            assertTrue(x >= 0 && x < big);
            if (x >= big / 2) above++;
        }
        assertEquals(50_000, above, 1_000, "upper half of [0, " + big + ")");
        assertEquals(0, new Generator(1).nextInt(1));
        assertThrows(IllegalArgumentException.class, () -> new Generator(1).nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> IntTensor.randint(3, 3, 2));
    }

    @Test
    void stateRoundTrips() {
        Generator g = new Generator(77);
        g.nextGaussian(); // leaves a spare normal inside the state
        long[] st = g.getState();
        float[] a = Tensor.randn(g, 101).toArray();
        float[] b = Tensor.rand(g, 10).toArray();
        Generator h = new Generator(0);
        h.setState(st);
        assertArrayEquals(a, Tensor.randn(h, 101).toArray());
        assertArrayEquals(b, Tensor.rand(h, 10).toArray());
        assertEquals(77, h.initialSeed());
        g.setState(st);
        assertArrayEquals(a, Tensor.randn(g, 101).toArray(), "restoring a generator's own state replays it");
        st[0] = 123;
        assertFalse(java.util.Arrays.equals(st, g.getState()), "getState returns a copy");
        assertThrows(IllegalArgumentException.class, () -> h.setState(new long[3]));
    }

    @Test
    void fillsAreSequentialWhateverTheThreadCount() {
        // rand/randn draw element by element in row-major order from one generator, never split across threads,
        // so a fill equals a plain loop of draws: large enough that any parallel kernel would have split it.
        int n = 1 << 18;
        float[] t = Tensor.rand(new Generator(8), 4, n / 4).toArray();
        Generator g = new Generator(8);
        for (int i = 0; i < n; i++) assertEquals(g.nextFloat(), t[i], "element " + i);
        float[] z = Tensor.randn(new Generator(8), n).toArray();
        g = new Generator(8);
        for (int i = 0; i < n; i++) assertEquals((float) g.nextGaussian(), z[i], "element " + i);
        // a non-contiguous tensor is filled in its own row-major order
        Tensor view = Tensor.zeros(3, 5).transpose(0, 1);
        view.uniform_(new Generator(2), 0f, 1f);
        g = new Generator(2);
        float[] vv = view.toArray();
        for (int i = 0; i < vv.length; i++) assertEquals(g.nextFloat(), vv[i], "view element " + i);
        int[] r = IntTensor.randint(new Generator(8), 0, 1000, n).toArray();
        g = new Generator(8);
        for (int i = 0; i < n; i++) assertEquals(g.nextInt(1000), r[i], "randint element " + i);
    }
}
