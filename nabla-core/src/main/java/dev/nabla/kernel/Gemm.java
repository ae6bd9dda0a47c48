package dev.nabla.kernel;

/**
 * Single-precision matrix multiply, BLAS-style: C = op(A)·op(B) (or C += ... when accumulate),
 * with op(X) = X or Xᵀ, row-major storage and leading dimensions.
 */
public final class Gemm {
    private Gemm() {}

    // c (m, n) [+]= op(a) (m, k) · op(b) (k, n); a stored (m, lda) or, transposed, (k, lda); b stored (k, ldb) or (n, ldb)
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int ao, int lda, float[] b, int bo, int ldb,
                             float[] c, int co, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        long work = (long) m * n * Math.max(k, 1);
        int grain = (int) Math.max(1, Math.min(m, (1L << 17) / Math.max(1, (long) n * Math.max(k, 1))));
        if (work < (1 << 16)) grain = m;
        Parallel.forRange(m, grain, (i0, i1) -> rows(transA, transB, i0, i1, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate));
    }

    private static void rows(boolean transA, boolean transB, int i0, int i1, int n, int k,
                             float[] a, int ao, int lda, float[] b, int bo, int ldb,
                             float[] c, int co, int ldc, boolean accumulate) {
        VectorOps v = VectorOps.get();
        float[] arow = transA ? new float[k] : null;
        for (int i = i0; i < i1; i++) {
            int crow = co + i * ldc;
            float[] ar = a;
            int aoff = ao + i * lda;
            if (transA) { // gather row i of Aᵀ
                for (int p = 0; p < k; p++) arow[p] = a[ao + p * lda + i];
                ar = arow;
                aoff = 0;
            }
            if (transB) {
                for (int j = 0; j < n; j++) {
                    float d = v.dot(ar, aoff, b, bo + j * ldb, k);
                    c[crow + j] = accumulate ? c[crow + j] + d : d;
                }
            } else {
                if (!accumulate) java.util.Arrays.fill(c, crow, crow + n, 0f);
                for (int p = 0; p < k; p++) {
                    float s = ar[aoff + p];
                    if (s != 0f) v.axpy(s, b, bo + p * ldb, c, crow, n);
                }
            }
        }
    }
}
