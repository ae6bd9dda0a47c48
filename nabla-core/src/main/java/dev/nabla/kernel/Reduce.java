package dev.nabla.kernel;

/** Sum kernels over contiguous layouts. */
public final class Reduce {
    private Reduce() {}

    // out (outer) = sum over inner of x (outer, inner)
    public static void sumInner(float[] x, int xo, int outer, int inner, float[] out) {
        VectorOps v = VectorOps.get();
        Parallel.forRange(outer, Math.max(1, (1 << 15) / Math.max(inner, 1)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) out[r] = v.sum(x, xo + r * inner, inner);
        });
    }

    // out (inner) = sum over outer of x (outer, inner)
    public static void sumOuter(float[] x, int xo, int outer, int inner, float[] out) {
        VectorOps v = VectorOps.get();
        // split the columns across threads, so each output is summed in one fixed order
        Parallel.forRange(inner, Math.max(16, (1 << 15) / Math.max(outer, 1)), (c0, c1) -> {
            for (int r = 0; r < outer; r++) v.axpy(1f, x, xo + r * inner + c0, out, c0, c1 - c0);
        });
    }
}
