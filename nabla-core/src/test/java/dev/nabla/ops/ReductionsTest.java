package dev.nabla.ops;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reductions and softmax on tensors large enough to take the kernels' multi-threaded and column-block paths
 * (the goldens are small), checked against plain double-precision loops.
 */
class ReductionsTest {
    private static final Generator GEN = new Generator(7);

    /** For each output (row-major over the kept dims), the flat row-major input indices it reduces, in order. */
    private static int[][] groups(int[] shape, int[] dims) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        int n = 1, outN = 1;
        for (int i = 0; i < shape.length; i++) {
            if (red[i]) n *= shape[i];
            else outN *= shape[i];
        }
        int[][] g = new int[outN][n];
        int total = outN * n;
        int[] idx = new int[shape.length];
        for (int flat = 0; flat < total; flat++) {
            int o = 0, p = 0;
            for (int i = 0; i < shape.length; i++) {
                if (red[i]) p = p * shape[i] + idx[i];
                else o = o * shape[i] + idx[i];
            }
            g[o][p] = flat;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) break;
                idx[i] = 0;
            }
        }
        return g;
    }

    private static void close(String what, double want, float got, double tol) {
        if (!(Math.abs(want - got) <= tol * (1 + Math.abs(want))))
            throw new AssertionError(what + ": got " + got + ", want " + want);
    }

    /** A random tensor of this shape, stored with its dims permuted so that it is not contiguous. */
    private static Tensor scrambled(int... shape) {
        int r = shape.length;
        int[] rev = new int[r], revShape = new int[r];
        for (int i = 0; i < r; i++) {
            rev[i] = r - 1 - i;
            revShape[i] = shape[r - 1 - i];
        }
        return Tensor.randn(GEN, revShape).permute(rev);
    }

    private static final int[][] SHAPE_DIMS = {{1}, {3}, {0, 2}, {1, 2}, {1, 3}, {0, 1, 2, 3}, {2}};

    @Test
    void momentsAndLogsumexpMatchDoubleLoops() {
        int[] shape = {6, 50, 7, 40};
        for (boolean contiguous : new boolean[] {true, false}) {
            Tensor x = contiguous ? Tensor.randn(GEN, shape) : scrambled(shape);
            float[] xv = x.toArray();
            for (int[] dims : SHAPE_DIMS) {
                int[][] gr = groups(shape, dims);
                float[] sum = x.sum(dims, false).toArray(), mean = x.mean(dims, false).toArray();
                float[] var = x.var(dims, 1, false).toArray(), std = x.std(dims, 0, false).toArray();
                float[] lse = x.logsumexp(dims, false).toArray();
                assertEquals(gr.length, var.length);
                String at = Arrays.toString(dims) + (contiguous ? "" : " scrambled");
                for (int o = 0; o < gr.length; o++) {
                    int n = gr[o].length;
                    double s = 0, mx = Double.NEGATIVE_INFINITY;
                    for (int i : gr[o]) {
                        s += xv[i];
                        mx = Math.max(mx, xv[i]);
                    }
                    double mu = s / n, m2 = 0, e = 0;
                    for (int i : gr[o]) {
                        m2 += (xv[i] - mu) * (xv[i] - mu);
                        e += Math.exp(xv[i] - mx);
                    }
                    close("sum " + at, s, sum[o], 1e-4);
                    close("mean " + at, mu, mean[o], 1e-4);
                    close("var " + at, m2 / (n - 1), var[o], 1e-4);
                    close("std " + at, Math.sqrt(m2 / n), std[o], 1e-4);
                    close("logsumexp " + at, Math.log(e) + mx, lse[o], 1e-5);
                }
            }
        }
    }

    @Test
    void momentAndLogsumexpGradientsMatchFormulas() {
        int[] shape = {6, 50, 7, 40};
        for (boolean contiguous : new boolean[] {true, false}) {
            for (int[] dims : SHAPE_DIMS) {
                Tensor x = (contiguous ? Tensor.randn(GEN, shape) : scrambled(shape)).requiresGrad(true);
                float[] xv = x.toArray();
                int[][] gr = groups(shape, dims);
                Tensor up = Tensor.randn(GEN, gr.length);
                float[] u = up.toArray();
                Tensor var = x.var(dims, 1, false), std = x.std(dims, 1, false), lse = x.logsumexp(dims, false);
                String at = Arrays.toString(dims) + (contiguous ? "" : " scrambled");
                for (int which = 0; which < 3; which++) {
                    Tensor out = which == 0 ? var : which == 1 ? std : lse;
                    x.zeroGrad();
                    out.reshape(-1).backward(up, true);
                    float[] gx = x.grad().toArray(), ov = out.toArray();
                    for (int o = 0; o < gr.length; o++) {
                        int n = gr[o].length;
                        double mu = 0;
                        for (int i : gr[o]) mu += xv[i];
                        mu /= n;
                        for (int i : gr[o]) {
                            double want = switch (which) {
                                case 0 -> u[o] * 2 * (xv[i] - mu) / (n - 1);
                                case 1 -> u[o] * (xv[i] - mu) / ((n - 1) * (double) ov[o]);
                                default -> u[o] * Math.exp(xv[i] - ov[o]);
                            };
                            close(new String[] {"var", "std", "logsumexp"}[which] + " grad " + at, want, gx[i], 1e-4);
                        }
                    }
                }
            }
        }
    }

    @Test
    void maxMinArgmaxTakeTheFirstOccurrence() {
        int[] shape = {9, 40, 300};
        Tensor base = Tensor.randn(GEN, shape);
        float[] q = base.toArray();
        for (int i = 0; i < q.length; i++) q[i] = Math.round(q[i] * 2) / 2f; // many ties
        for (boolean contiguous : new boolean[] {true, false}) {
            Tensor x = contiguous ? Tensor.of(q, shape) : Tensor.of(q, shape).transpose(0, 2).contiguousCopy().transpose(0, 2);
            x.requiresGrad(true);
            for (int dim = 0; dim < 3; dim++) {
                int[][] gr = groups(shape, new int[] {dim});
                ValuesIndices mx = x.max(dim, false), mn = x.min(dim, false);
                IntTensor am = x.argmax(dim, false);
                float[] mxv = mx.values().toArray(), mnv = mn.values().toArray();
                int[] mxi = mx.indices().toArray(), mni = mn.indices().toArray(), ami = am.toArray();
                for (int o = 0; o < gr.length; o++) {
                    int bi = 0, si = 0;
                    for (int p = 1; p < gr[o].length; p++) {
                        if (q[gr[o][p]] > q[gr[o][bi]]) bi = p;
                        if (q[gr[o][p]] < q[gr[o][si]]) si = p;
                    }
                    assertEquals(bi, mxi[o], "max index, dim " + dim + " output " + o);
                    assertEquals(bi, ami[o], "argmax, dim " + dim + " output " + o);
                    assertEquals(si, mni[o], "min index, dim " + dim + " output " + o);
                    assertEquals(q[gr[o][bi]], mxv[o]);
                    assertEquals(q[gr[o][si]], mnv[o]);
                }
                // the gradient goes to the recorded index only
                x.zeroGrad();
                Tensor up = Tensor.randn(GEN, gr.length);
                mx.values().reshape(-1).backward(up);
                float[] gx = x.grad().toArray(), u = up.toArray();
                float[] want = new float[gx.length];
                for (int o = 0; o < gr.length; o++) want[gr[o][mxi[o]]] = u[o];
                assertArrayEquals(want, gx, "max grad, dim " + dim);
            }
            int first = 0;
            for (int i = 1; i < q.length; i++) if (q[i] > q[first]) first = i;
            assertEquals(first, x.argmax().item());
            assertEquals(q[first], x.max().item());
        }
    }

    @Test
    void maxOfAllSharesTheGradientAmongTies() {
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) v[i] = i % 1000;
        Tensor x = Tensor.of(v, 100, 1000).requiresGrad(true);
        Tensor m = x.max();
        assertEquals(999f, m.item());
        m.mul(Tensor.scalar(5f)).backward();
        float[] g = x.grad().toArray();
        for (int i = 0; i < g.length; i++) assertEquals(i % 1000 == 999 ? 0.05f : 0f, g[i], 1e-7f);
        x.zeroGrad();
        x.min().backward();
        assertEquals(0.01f, x.grad().get(3, 0), 1e-7f);
        assertEquals(0f, x.grad().get(3, 1));
    }

    @Test
    void softmaxMatchesDoubleLoopsAlongEveryDim() {
        int[] shape = {12, 40, 300};
        for (boolean contiguous : new boolean[] {true, false}) {
            for (int dim = 0; dim < 3; dim++) {
                Tensor x = (contiguous ? Tensor.randn(GEN, shape) : scrambled(shape)).mul(3f).detach().requiresGrad(true);
                float[] xv = x.toArray();
                int[][] gr = groups(shape, new int[] {dim});
                for (boolean log : new boolean[] {false, true}) {
                    x.zeroGrad();
                    Tensor y = log ? x.logSoftmax(dim) : x.softmax(dim);
                    Tensor up = Tensor.randn(GEN, shape);
                    y.backward(up);
                    float[] yv = y.toArray(), gx = x.grad().toArray(), u = up.toArray();
                    String at = (log ? "log_softmax" : "softmax") + " dim " + dim + (contiguous ? "" : " scrambled");
                    for (int[] row : gr) {
                        double mx = Double.NEGATIVE_INFINITY, s = 0;
                        for (int i : row) mx = Math.max(mx, xv[i]);
                        for (int i : row) s += Math.exp(xv[i] - mx);
                        double gy = 0, gs = 0;
                        for (int i : row) {
                            double p = Math.exp(xv[i] - mx) / s;
                            gy += u[i] * p;
                            gs += u[i];
                        }
                        for (int i : row) {
                            double p = Math.exp(xv[i] - mx) / s;
                            close(at, log ? Math.log(p) : p, yv[i], 1e-5);
                            close(at + " grad", log ? u[i] - p * gs : p * (u[i] - gy), gx[i], 1e-4);
                        }
                    }
                }
            }
        }
    }

    @Test
    void resultsAreRepeatable() {
        Tensor x = Tensor.randn(GEN, 64, 50, 40);
        assertArrayEquals(x.softmax(1).toArray(), x.softmax(1).toArray());
        assertArrayEquals(x.var(new int[] {0, 2}, 1, false).toArray(), x.var(new int[] {0, 2}, 1, false).toArray());
        assertArrayEquals(x.logsumexp(new int[] {1}, false).toArray(), x.logsumexp(new int[] {1}, false).toArray());
    }

    @Test
    void noGraphWithoutGrad() {
        Tensor x = Tensor.randn(GEN, 3, 4);
        assertNull(x.softmax(1).gradFn());
        assertNull(x.max(0, false).values().gradFn());
        assertNull(x.var().gradFn());
        assertTrue(x.requiresGrad(true).logsumexp(1).requiresGrad());
    }

    @Test
    void errorsNameTheOp() {
        Tensor x = Tensor.randn(GEN, 3, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> x.softmax(2)).getMessage().contains("softmax"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> x.var(new int[] {1, -1}, 1, false)).getMessage().contains("var"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 4).max(0, false)).getMessage().contains("max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 4).argmax()).getMessage().contains("argmax"));
    }
}
