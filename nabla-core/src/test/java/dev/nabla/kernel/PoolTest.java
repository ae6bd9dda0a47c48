package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The 2×2 stride-2 fast path of max pooling picks the same value and index as PyTorch's rule (first max, NaN wins). */
class PoolTest {
    @Test
    void twoByTwoFastPathMatchesTheRule() {
        Random r = new Random(3);
        int planes = 5, h = 7, w = 9; // odd sizes: the last row and column are not covered, as in torch
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4) == 0 ? 1f : r.nextInt(50) == 0 ? Float.NaN : (float) r.nextGaussian();
        Pool.Geometry g = new Pool.Geometry(h, w, 2, 2, 2, 2, 0, 0, 3, 4);
        float[] out = new float[planes * 12], want = new float[out.length];
        int[] arg = new int[out.length], wantArg = new int[out.length];
        Pool.maxForward(g, planes, x, 0, out, arg);
        for (int pl = 0, o = 0; pl < planes; pl++)
            for (int y = 0; y < 3; y++)
                for (int xx = 0; xx < 4; xx++, o++) {
                    float m = Float.NEGATIVE_INFINITY;
                    int best = 2 * y * w + 2 * xx;
                    for (int iy = 2 * y; iy < 2 * y + 2; iy++)
                        for (int ix = 2 * xx; ix < 2 * xx + 2; ix++) {
                            float v = x[pl * h * w + iy * w + ix];
                            if (v > m || Float.isNaN(v)) {
                                m = v;
                                best = iy * w + ix;
                            }
                        }
                    want[o] = m;
                    wantArg[o] = best;
                }
        assertArrayEquals(want, out);
        assertArrayEquals(wantArg, arg);
    }
}
