package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Gemm.sgemm in all four transpose combinations against a triple loop in double, with padding and offsets. */
class GemmTest {
    static final float GUARD = -777.25f;

    /**
     * Runs one product: A stored (m, lda) or, transposed, (k, lda); B stored (k, ldb) or (n, ldb); C (m, ldc),
     * each with an offset and leading dimensions larger than needed; checks C and that nothing else was written.
     */
    static void check(Random r, boolean ta, boolean tb, int m, int n, int k, boolean accumulate) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
        lda = Math.max(lda, 1);
        ldb = Math.max(ldb, 1);
        ldc = Math.max(ldc, 1);
        int ao = r.nextInt(4), bo = r.nextInt(4), co = r.nextInt(4);
        float[] a = random(r, ao + aRows * lda + 2), b = random(r, bo + bRows * ldb + 2);
        float[] c = new float[co + m * ldc + 2];
        java.util.Arrays.fill(c, GUARD);
        float[] c0 = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                c0[i * n + j] = accumulate ? (float) r.nextGaussian() : GUARD; // without accumulate, old values must be ignored
                c[co + i * ldc + j] = c0[i * n + j];
            }
        float[] aCopy = a.clone(), bCopy = b.clone();
        Gemm.sgemm(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
        String what = (ta ? "Aᵀ" : "A") + (tb ? "·Bᵀ" : "·B") + " m=" + m + " n=" + n + " k=" + k + (accumulate ? " accumulate" : "");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    float x = ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    float y = tb ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    s += (double) x * y;
                    abs += Math.abs((double) x * y);
                }
                if (accumulate) {
                    s += c0[i * n + j];
                    abs += Math.abs(c0[i * n + j]);
                }
                assertEquals(s, c[co + i * ldc + j], (k + 2) * 0x1p-24 * abs + 1e-30, what + " at (" + i + ", " + j + ")");
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - co;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && c[idx] != GUARD) fail(what + ": wrote C outside the matrix at storage index " + idx);
        }
        if (!java.util.Arrays.equals(a, aCopy) || !java.util.Arrays.equals(b, bCopy)) fail(what + ": modified its inputs");
    }

    static float[] random(Random r, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void allTransposeCombinationsOnSmallAndEdgeSizes() {
        Random r = new Random(21);
        int[] sizes = {0, 1, 2, 3, 5, 8, 17};
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true})
                for (int m : sizes)
                    for (int n : sizes)
                        for (int k : sizes)
                            for (boolean acc : new boolean[] {false, true})
                                check(r, ta, tb, m, n, k, acc);
    }

    @Test
    void largeEnoughToRunInParallel() {
        Random r = new Random(22);
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true}) {
                check(r, ta, tb, 70, 65, 40, false);
                check(r, ta, tb, 33, 129, 64, true);
                check(r, ta, tb, 300, 2, 200, false);
            }
    }

    @Test
    void zeroKClearsOrKeeps() {
        float[] c = {5, 5, 5, 5};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
        assertEquals(0f, c[0] + c[1] + c[2] + c[3], "C = A·B with k = 0 is all zeros");
        float[] d = {5, 5, 5, 5};
        Gemm.sgemm(true, true, 2, 2, 0, new float[0], 0, 2, new float[0], 0, 1, d, 0, 2, true);
        assertEquals(20f, d[0] + d[1] + d[2] + d[3], "C += A·B with k = 0 leaves C");
    }
}
