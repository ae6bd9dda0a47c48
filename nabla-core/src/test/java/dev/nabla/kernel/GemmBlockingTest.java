package dev.nabla.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packed path across its block edges (KC 256, MC 96, micro-tiles), all transposes, against a double-precision loop. */
class GemmBlockingTest {
    @ParameterizedTest
    @CsvSource({"200,100,600", "97,33,257", "8,3100,40", "300,7,300", "1,600,300", "65,65,65"})
    void packedPathMatchesNaive(int m, int n, int k) {
        Random r = new Random(m * 31L + n * 7L + k);
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true})
                for (boolean acc : new boolean[] {false, true}) {
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
                    float[] a = rand(r, (ta ? k : m) * lda + 7), b = rand(r, (tb ? n : k) * ldb + 9), c = rand(r, m * ldc + 4);
                    float[] want = c.clone();
                    int ao = 7, bo = 9, co = 4;
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int p = 0; p < k; p++)
                                s += (double) a[ao + (ta ? p * lda + i : i * lda + p)] * b[bo + (tb ? j * ldb + p : p * ldb + j)];
                            want[co + i * ldc + j] = (float) (acc ? want[co + i * ldc + j] + s : s);
                        }
                    Gemm.sgemm(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, acc);
                    for (int q = 0; q < c.length; q++)
                        assertEquals(want[q], c[q], 1e-3 * (1 + Math.abs(want[q])),
                                "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " accumulate=" + acc + " at " + q);
                }
    }

    private static float[] rand(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
