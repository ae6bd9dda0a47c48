package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.golden.GoldenCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** F.batchNorm and F.adaptiveAvgPool2d on sizes that split across threads, against compositions of basic ops and finite differences. */
class NormPoolReferenceTest {
    @Test
    void batchNormTrainingMatchesComposedOpsAndUpdatesRunningStats() {
        Generator g = new Generator(11);
        int n = 6, c = 40, h = 9, w = 7;
        Tensor x = Tensor.randn(g, n, c, h, w).mul(2f).add(0.5f).requiresGrad(true);
        Tensor wt = Tensor.randn(g, c).requiresGrad(true), b = Tensor.randn(g, c).requiresGrad(true);
        Tensor rm = Tensor.randn(g, c), rv = Tensor.rand(g, c).add(0.5f);
        float[] rm0 = rm.toArray(), rv0 = rv.toArray();
        Tensor y = F.batchNorm(x, rm, rv, wt, b, true, 0.2f, 1e-5f);

        Tensor x2 = x.detach().requiresGrad(true), w2 = wt.detach().requiresGrad(true), b2 = b.detach().requiresGrad(true);
        int[] red = {0, 2, 3};
        Tensor mean = x2.mean(red, true), var = x2.var(red, 0, true);
        Tensor ref = x2.sub(mean).div(var.add(1e-5f).sqrt()).mul(w2.reshape(1, c, 1, 1)).add(b2.reshape(1, c, 1, 1));
        GoldenCheck.assertClose("output", ref, y, 1e-5, 1e-4);

        Tensor up = Tensor.randn(g, n, c, h, w);
        y.mul(up).sum().backward();
        ref.mul(up).sum().backward();
        GoldenCheck.assertClose("dx", x2.grad(), x.grad(), 1e-4, 1e-3);
        GoldenCheck.assertClose("dweight", w2.grad(), wt.grad(), 1e-3, 1e-4);
        GoldenCheck.assertClose("dbias", b2.grad(), b.grad(), 1e-3, 1e-4);

        float[] bm = x.detach().mean(red, false).toArray(), bv = x.detach().var(red, 1, false).toArray();
        float[] wantM = new float[c], wantV = new float[c];
        for (int k = 0; k < c; k++) {
            wantM[k] = 0.8f * rm0[k] + 0.2f * bm[k];
            wantV[k] = 0.8f * rv0[k] + 0.2f * bv[k];
        }
        GoldenCheck.assertClose("running mean", Tensor.of(wantM), rm, 1e-5, 1e-5);
        GoldenCheck.assertClose("running var", Tensor.of(wantV), rv, 1e-5, 1e-4);
    }

    @Test
    void batchNormGradientsPassFiniteDifferences() {
        Generator g = new Generator(12);
        Tensor x = Tensor.randn(g, 4, 3, 5).requiresGrad(true);
        Tensor w = Tensor.randn(g, 3).requiresGrad(true), b = Tensor.randn(g, 3).requiresGrad(true);
        GradCheck.check(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1f, 1e-5f), x, w, b).assertOk();
        Tensor rm = Tensor.randn(g, 3), rv = Tensor.rand(g, 3).add(0.5f);
        GradCheck.check(xs -> F.batchNorm(xs[0], rm, rv, xs[1], xs[2], false, 0.1f, 1e-5f), x, w, b).assertOk();
        assertThrows(IllegalArgumentException.class, () -> F.batchNorm(x, null, null, null, null, false, 0.1f, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> F.batchNorm(x, Tensor.zeros(4), Tensor.ones(4), null, null, false, 0.1f, 1e-5f));
    }

    @Test
    void adaptiveAvgPoolMatchesDirectWindowsAndFiniteDifferences() {
        Generator g = new Generator(13);
        int n = 3, c = 50, h = 13, w = 11, oh = 5, ow = 4;
        Tensor x = Tensor.randn(g, n, c, h, w);
        float[] xv = x.toArray(), want = new float[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int y0 = (int) Math.floor((double) i * h / oh), y1 = (int) Math.ceil((double) (i + 1) * h / oh);
                    int x0 = (int) Math.floor((double) j * w / ow), x1 = (int) Math.ceil((double) (j + 1) * w / ow);
                    double s = 0;
                    for (int yy = y0; yy < y1; yy++)
                        for (int xx = x0; xx < x1; xx++) s += xv[p * h * w + yy * w + xx];
                    want[(p * oh + i) * ow + j] = (float) (s / ((y1 - y0) * (x1 - x0)));
                }
        GoldenCheck.assertClose("adaptive avg pool", Tensor.wrap(want, n, c, oh, ow), F.adaptiveAvgPool2d(x, new int[] {oh, ow}), 1e-6, 1e-5);
        Tensor small = Tensor.randn(g, 2, 7, 5).requiresGrad(true);
        GradCheck.check(xs -> F.adaptiveAvgPool2d(xs[0], new int[] {3, 4}), small).assertOk();
    }
}
