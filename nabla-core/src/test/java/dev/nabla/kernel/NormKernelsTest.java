package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Softmax, layer norm and cross-entropy kernels on rows long enough for the vector loops (with masked -inf entries,
 * large offsets, strided classes), against double-precision references. The golden files use short rows.
 */
class NormKernelsTest {
    static float[] randn(Random r, int n, double scale, double shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale + shift);
        return a;
    }

    static void near(double want, float got, double tol, String what) {
        if (Double.isNaN(want)) assertTrue(Float.isNaN(got), what + ": want NaN, got " + got);
        else assertEquals(want, got, tol * (1 + Math.abs(want)), what);
    }

    @Test
    void softmaxIntoANewArrayGivesTheSameBits() {
        Random r = new Random(37);
        for (int[] dims : new int[][] {{300, 1000, 1}, {3, 300, 1}, {2, 40, 5}}) { // above and below the overlap size
            int outer = dims[0], n = dims[1], inner = dims[2], size = outer * n * inner, xo = 5;
            float[] x = randn(r, xo + size, 4, 0), g = randn(r, size + 2, 1, 0);
            for (int k = 0; k < size / 7; k++) x[xo + r.nextInt(size)] = Float.NEGATIVE_INFINITY;
            for (boolean log : new boolean[] {false, true}) {
                float[] y = new float[size], gx = new float[size];
                Softmax.forward(x, xo, outer, n, inner, log, y);
                Softmax.backward(y, 0, g, 2, outer, n, inner, log, gx);
                String what = (log ? "log_softmax " : "softmax ") + outer + "x" + n + "x" + inner;
                float[] y2 = Softmax.forward(x, xo, outer, n, inner, log);
                assertArrayEquals(y, y2, what);
                assertArrayEquals(gx, Softmax.backward(y2, 0, g, 2, outer, n, inner, log), what + " grad");
            }
        }
    }

    @Test
    void softmaxRowsAndColumns() {
        Random r = new Random(31);
        for (int[] dims : new int[][] {{3, 300, 1}, {2, 37, 1}, {2, 40, 5}, {1, 17, 300}}) {
            int outer = dims[0], n = dims[1], inner = dims[2], size = outer * n * inner, xo = 3;
            float[] x = randn(r, xo + size, 4, 0), g = randn(r, size, 1, 0);
            for (int k = 0; k < size / 7; k++) x[xo + r.nextInt(size)] = Float.NEGATIVE_INFINITY; // masked entries
            for (boolean log : new boolean[] {false, true}) {
                float[] y = new float[size], gx = new float[size];
                Softmax.forward(x, xo, outer, n, inner, log, y);
                Softmax.backward(y, 0, g, 0, outer, n, inner, log, gx);
                for (int o = 0; o < outer; o++)
                    for (int c = 0; c < inner; c++) {
                        double mx = Double.NEGATIVE_INFINITY, se = 0, dot = 0, sg = 0;
                        for (int i = 0; i < n; i++) mx = Math.max(mx, x[xo + (o * n + i) * inner + c]);
                        for (int i = 0; i < n; i++) se += Math.exp(x[xo + (o * n + i) * inner + c] - mx);
                        double[] p = new double[n];
                        for (int i = 0; i < n; i++) {
                            int q = (o * n + i) * inner + c;
                            p[i] = Math.exp(x[xo + q] - mx) / se;
                            dot += g[q] * p[i];
                            sg += g[q];
                        }
                        for (int i = 0; i < n; i++) {
                            int q = (o * n + i) * inner + c;
                            String what = (log ? "log_softmax " : "softmax ") + outer + "x" + n + "x" + inner + " at " + q;
                            double want = log ? x[xo + q] - mx - Math.log(se) : p[i];
                            if (Double.isInfinite(want)) assertEquals((float) want, y[q], what);
                            else near(want, y[q], 2e-6, what);
                            double wantG = log ? g[q] - p[i] * sg : p[i] * (g[q] - dot);
                            near(wantG, gx[q], 1e-5, what + " grad");
                        }
                    }
            }
        }
    }

    @Test
    void layerNormGivesTheSameBitsWhenItAllocatesBesideTheStatistics() {
        Random r = new Random(33);
        int m = 300, d = 1000, xo = 3; // large enough to allocate beside the work (with more than one thread)
        float[] x = randn(r, xo + m * d, 2, 5), g = randn(r, m * d + 1, 1, 0), w = randn(r, d, 1, 1), b = randn(r, d, 1, 0);
        for (float[] wv : new float[][] {w, null}) {
            float[] mean = new float[m], rstd = new float[m], mean1 = new float[m], rstd1 = new float[m];
            float[] out = LayerNormKernel.forward(x, xo, m, d, wv, 0, b, 0, 1e-5f, mean, rstd);
            float[] dx = LayerNormKernel.inputGradient(g, 1, x, xo, m, d, mean, rstd, wv, 0);
            // inside a parallel region nothing is allocated beside: row by row
            float[][] rowByRow = new float[2][];
            Parallel.forChunks(2, 2, (k, unused) -> {
                if (k > 0) return;
                rowByRow[0] = LayerNormKernel.forward(x, xo, m, d, wv, 0, b, 0, 1e-5f, mean1, rstd1);
                rowByRow[1] = LayerNormKernel.inputGradient(g, 1, x, xo, m, d, mean1, rstd1, wv, 0);
            });
            String what = wv == null ? "without weight" : "with weight";
            assertArrayEquals(rowByRow[0], out, what);
            assertArrayEquals(mean1, mean, what);
            assertArrayEquals(rstd1, rstd, what);
            assertArrayEquals(rowByRow[1], dx, what + ": dx");
        }
    }

    @Test
    void layerNormWithLargeMeans() {
        Random r = new Random(32);
        int m = 5, d = 333, xo = 2;
        float[] x = randn(r, xo + m * d, 1, 1000), g = randn(r, m * d, 1, 0), w = randn(r, d + 1, 1, 1), b = randn(r, d + 4, 1, 0);
        for (int variant = 0; variant < 4; variant++) {
            float[] wv = variant % 2 == 0 ? w : null, bv = variant / 2 == 0 ? b : null;
            float[] mean = new float[m], rstd = new float[m], dw = new float[d], db = new float[d];
            float[] out = LayerNormKernel.forward(x, xo, m, d, wv, 1, bv, 4, 1e-5f, mean, rstd);
            float[] dx = LayerNormKernel.inputGradient(g, 0, x, xo, m, d, mean, rstd, wv, 1);
            LayerNormKernel.paramGradients(g, 0, x, xo, m, d, mean, rstd, dw, db);
            double[] dwWant = new double[d], dbWant = new double[d];
            for (int row = 0; row < m; row++) {
                double mu = 0, var = 0;
                for (int i = 0; i < d; i++) mu += x[xo + row * d + i];
                mu /= d;
                for (int i = 0; i < d; i++) var += Math.pow(x[xo + row * d + i] - mu, 2);
                double rs = 1 / Math.sqrt(var / d + 1e-5), a = 0, c = 0;
                double[] xh = new double[d], gh = new double[d];
                for (int i = 0; i < d; i++) {
                    int q = row * d + i;
                    xh[i] = (x[xo + q] - mu) * rs;
                    gh[i] = g[q] * (wv == null ? 1 : wv[1 + i]);
                    a += gh[i] / d;
                    c += gh[i] * xh[i] / d;
                    dwWant[i] += g[q] * xh[i];
                    dbWant[i] += g[q];
                }
                for (int i = 0; i < d; i++) {
                    int q = row * d + i;
                    double want = xh[i] * (wv == null ? 1 : wv[1 + i]) + (bv == null ? 0 : bv[4 + i]);
                    near(want, out[q], 1e-4, "layer_norm variant " + variant + " at " + q); // x ~ 1000 ± 1: the float mean is off by up to 3e-5
                    near(rs * (gh[i] - a - xh[i] * c), dx[q], 1e-4, "layer_norm dx variant " + variant + " at " + q);
                }
            }
            for (int i = 0; i < d; i++) {
                near(dwWant[i], dw[i], 2e-4, "layer_norm dw at " + i);
                near(dbWant[i], db[i], 1e-5, "layer_norm db at " + i);
            }
        }
    }

    @Test
    void crossEntropyContiguousAndStridedClasses() {
        Random r = new Random(33);
        for (int s : new int[] {1, 3}) {
            int n = 4, c = 200, xo = 5, q = n * s;
            float[] x = randn(r, xo + n * c * s, 3, 0);
            int[] t = new int[q];
            for (int k = 0; k < q; k++) t[k] = k == 1 ? -100 : r.nextInt(c);
            float[] w = randn(r, q, 1, 0);
            for (float eps : new float[] {0f, 0.1f}) {
                float[] loss = new float[q], lse = new float[q], dx = new float[n * c * s];
                CrossEntropyKernel.forward(x, xo, n, c, s, t, -100, eps, loss, lse);
                CrossEntropyKernel.backward(x, xo, n, c, s, t, -100, eps, lse, w, false, dx);
                for (int k = 0; k < q; k++) {
                    int base = (k / s) * c * s + k % s;
                    String what = "cross_entropy s=" + s + " eps=" + eps + " position " + k;
                    if (t[k] == -100) {
                        assertEquals(0f, loss[k], what);
                        for (int j = 0; j < c; j++) assertEquals(0f, dx[base + j * s], what);
                        continue;
                    }
                    double mx = Double.NEGATIVE_INFINITY, se = 0, sx = 0;
                    for (int j = 0; j < c; j++) mx = Math.max(mx, x[xo + base + j * s]);
                    for (int j = 0; j < c; j++) {
                        se += Math.exp(x[xo + base + j * s] - mx);
                        sx += x[xo + base + j * s];
                    }
                    double l = mx + Math.log(se), nll = l - x[xo + base + t[k] * s];
                    near((1 - eps) * nll + eps / c * (c * l - sx), loss[k], 1e-5, what);
                    for (int j = 0; j < c; j++) {
                        double p = Math.exp(x[xo + base + j * s] - l);
                        double want = w[k] * (p - eps / c - (j == t[k] ? 1 - eps : 0));
                        assertEquals(want, dx[base + j * s], 1e-6 * (1 + Math.abs(w[k])), what + " grad " + j);
                    }
                }
            }
        }
    }
}
