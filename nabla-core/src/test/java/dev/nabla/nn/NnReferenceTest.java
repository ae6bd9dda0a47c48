package dev.nabla.nn;

import dev.nabla.golden.GoldenCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks on sizes larger than the goldens (so the kernels split work across threads) against direct loops. */
class NnReferenceTest {
    /** conv2d by its definition, in double. */
    private static float[] naiveConv(float[] x, int n, int cin, int h, int w, float[] wt, int cout, int kh, int kw, float[] b,
                                     int s, int p, int d, int groups, int oh, int ow) {
        float[] out = new float[n * cout * oh * ow];
        int cg = cin / groups, og = cout / groups;
        for (int i = 0; i < n; i++)
            for (int oc = 0; oc < cout; oc++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++) {
                        double acc = b == null ? 0 : b[oc];
                        int gi = oc / og;
                        for (int c = 0; c < cg; c++)
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = y * s - p + ky * d, ix = xx * s - p + kx * d;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    acc += (double) x[((i * cin + gi * cg + c) * h + iy) * w + ix] * wt[((oc * cg + c) * kh + ky) * kw + kx];
                                }
                        out[((i * cout + oc) * oh + y) * ow + xx] = (float) acc;
                    }
        return out;
    }

    @Test
    void conv2dMatchesDirectLoopsAndGradientsAreAdjoint() {
        Generator g = new Generator(1);
        int n = 5, cin = 6, h = 13, w = 11, cout = 8, k = 3, s = 2, p = 1, d = 2, groups = 2;
        Tensor x = Tensor.randn(g, n, cin, h, w).requiresGrad(true);
        Tensor wt = Tensor.randn(g, cout, cin / groups, k, k).requiresGrad(true);
        Tensor b = Tensor.randn(g, cout).requiresGrad(true);
        Tensor y = F.conv2d(x, wt, b, new int[] {s}, new int[] {p}, new int[] {d}, groups);
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        float[] want = naiveConv(x.toArray(), n, cin, h, w, wt.toArray(), cout, k, k, b.toArray(), s, p, d, groups, oh, ow);
        GoldenCheck.assertClose("conv2d", Tensor.wrap(want, n, cout, oh, ow), y, 1e-4, 1e-4);
        // conv is linear in x and in w: <dy, conv(x)> = <dx, x> and = <dw, w> + <db, 1>
        Tensor dy = Tensor.randn(g, y.shape());
        Tensor loss = y.mul(dy).sum();
        loss.backward();
        double lx = dot(x.grad(), x), lw = dot(wt.grad(), wt) + dot(b.grad(), b), l = loss.item();
        Tensor yNoBias = F.conv2d(x.detach(), wt.detach(), null, new int[] {s}, new int[] {p}, new int[] {d}, groups);
        assertEquals(dot(dy, yNoBias), lx, 1e-2 * Math.max(1, Math.abs(lx)));
        assertEquals(l, lw, 1e-2 * Math.max(1, Math.abs(l)));
    }

    private static double dot(Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }

    @Test
    void maxPoolRoutesEachGradientToOneInput() {
        Generator g = new Generator(2);
        Tensor x = Tensor.randn(g, 8, 4, 16, 16).requiresGrad(true);
        Tensor y = F.maxPool2d(x, new int[] {2}, null, new int[] {0});
        assertEquals(8 * 4 * 8 * 8, y.numel());
        y.sum().backward();
        float[] gx = x.grad().toArray();
        int ones = 0;
        for (float v : gx) {
            assertTrue(v == 0f || v == 1f);
            if (v == 1f) ones++;
        }
        assertEquals(y.numel(), ones, "non-overlapping windows: one input per window gets the gradient");
    }

    @Test
    void crossEntropyLargeMatchesDefinition() {
        Generator g = new Generator(3);
        int n = 300, c = 50;
        Tensor x = Tensor.randn(g, n, c).mul(3f).requiresGrad(true);
        IntTensor t = IntTensor.randint(g, 0, c, n);
        Tensor loss = F.crossEntropy(x, t);
        float[] v = x.toArray();
        double want = 0;
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY, se = 0;
            for (int k = 0; k < c; k++) m = Math.max(m, v[i * c + k]);
            for (int k = 0; k < c; k++) se += Math.exp(v[i * c + k] - m);
            want += m + Math.log(se) - v[i * c + t.get(i)];
        }
        assertEquals(want / n, loss.item(), 1e-5);
        loss.backward();
        float[] gr = x.grad().toArray();
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int k = 0; k < c; k++) rowSum += gr[i * c + k];
            assertEquals(0, rowSum, 1e-6, "softmax - one-hot sums to 0 in row " + i);
        }
    }

    @Test
    void outOfRangeTargetNamesOpValueAndClasses() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), IntTensor.of(0, 3)));
        assertTrue(e.getMessage().contains("crossEntropy") && e.getMessage().contains("3 classes") && e.getMessage().contains("target 3"), e.getMessage());
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> F.nllLoss(Tensor.zeros(2, 3), IntTensor.of(-5, 0)));
        assertTrue(e2.getMessage().contains("nllLoss") && e2.getMessage().contains("-5"), e2.getMessage());
    }

    @Test
    void layerNormLargeMatchesDefinition() {
        Generator g = new Generator(4);
        int m = 300, d = 200;
        Tensor x = Tensor.randn(g, m, d).mul(2f).add(5f).requiresGrad(true);
        Tensor w = Tensor.randn(g, d).requiresGrad(true), b = Tensor.randn(g, d).requiresGrad(true);
        Tensor y = F.layerNorm(x, new int[] {d}, w, b, 1e-5f);
        Tensor dy = Tensor.randn(g, m, d);
        y.mul(dy).sum().backward();
        float[] xv = x.toArray(), wv = w.toArray(), bv = b.toArray(), yv = y.toArray(), gv = dy.toArray();
        float[] gx = x.grad().toArray(), gw = w.grad().toArray(), gb = b.grad().toArray();
        double[] dw = new double[d], db = new double[d];
        for (int r = 0; r < m; r++) {
            double mu = 0, var = 0;
            for (int i = 0; i < d; i++) mu += xv[r * d + i];
            mu /= d;
            for (int i = 0; i < d; i++) var += (xv[r * d + i] - mu) * (xv[r * d + i] - mu);
            double rs = 1 / Math.sqrt(var / d + 1e-5), a = 0, c = 0;
            for (int i = 0; i < d; i++) {
                double xh = (xv[r * d + i] - mu) * rs, gh = gv[r * d + i] * wv[i];
                assertEquals(xh * wv[i] + bv[i], yv[r * d + i], 1e-4);
                a += gh;
                c += gh * xh;
                dw[i] += gv[r * d + i] * xh;
                db[i] += gv[r * d + i];
            }
            for (int i = 0; i < d; i++) {
                double xh = (xv[r * d + i] - mu) * rs, gh = gv[r * d + i] * wv[i];
                assertEquals(rs * (gh - a / d - xh * c / d), gx[r * d + i], 1e-4);
            }
        }
        for (int i = 0; i < d; i++) {
            assertEquals(dw[i], gw[i], 1e-3);
            assertEquals(db[i], gb[i], 1e-3);
        }
    }
}
