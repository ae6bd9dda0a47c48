package dev.nabla.kernel;

/**
 * Loops over N-d strided layouts: every element of a tensor given as (data, offset, shape, strides).
 * The last dim is the inner loop; the outer dims advance by an odometer, so no per-element division.
 */
public final class Strided {
    private Strided() {}

    /** Row body: an inner run of {@code n} elements starting at offsets {@code aOff}, {@code bOff}, {@code outIndex}. */
    @FunctionalInterface
    public interface Rows2 {
        void run(int outIndex, int aOff, int bOff, int n);
    }

    /** Calls body for each innermost row of {@code shape}, with two strided operands, over rows [r0, r1). */
    public static void rows(int[] shape, int aOffset, int[] aStrides, int bOffset, int[] bStrides, int r0, int r1, Rows2 body) {
        if (r0 >= r1) return;
        int rank = shape.length;
        if (rank == 0) {
            if (r0 == 0 && r1 > 0) body.run(0, aOffset, bOffset, 1);
            return;
        }
        int n = shape[rank - 1];
        int[] idx = new int[rank - 1];
        // position the odometer at row r0
        int rem = r0, aOff = aOffset, bOff = bOffset;
        for (int d = rank - 2; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
            aOff += idx[d] * aStrides[d];
            bOff += idx[d] * bStrides[d];
        }
        for (int r = r0; r < r1; r++) {
            body.run(r * n, aOff, bOff, n);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    aOff += aStrides[d];
                    bOff += bStrides[d];
                    break;
                }
                idx[d] = 0;
                aOff -= (shape[d] - 1) * aStrides[d];
                bOff -= (shape[d] - 1) * bStrides[d];
            }
        }
    }

    /** Number of innermost rows of a shape (product of all dims but the last; 1 for a scalar). */
    public static int rowCount(int[] shape) {
        long r = 1;
        for (int i = 0; i < shape.length - 1; i++) r *= shape[i];
        return shape.length == 0 ? 1 : (int) r;
    }

    /** dst[dstOffset ...] = the elements of the strided source, in row-major order. */
    // dst (numel), src (shape, strides)
    public static void copy(float[] src, int offset, int[] shape, int[] strides, float[] dst, int dstOffset) {
        int rows = rowCount(shape);
        int inner = shape.length == 0 ? 1 : shape[shape.length - 1];
        int s = shape.length == 0 ? 1 : strides[shape.length - 1];
        int[] zero = new int[shape.length];
        Parallel.forRange(rows, Math.max(1, 32768 / Math.max(inner, 1)), (r0, r1) ->
                rows(shape, offset, strides, 0, zero, r0, r1, (o, a, b, n) -> {
                    if (s == 1) System.arraycopy(src, a, dst, dstOffset + o, n);
                    else for (int i = 0; i < n; i++) dst[dstOffset + o + i] = src[a + i * s];
                }));
    }

    /** Same as {@link #copy} for int data. */
    public static void copy(int[] src, int offset, int[] shape, int[] strides, int[] dst, int dstOffset) {
        int rows = rowCount(shape);
        int s = shape.length == 0 ? 1 : strides[shape.length - 1];
        int[] zero = new int[shape.length];
        rows(shape, offset, strides, 0, zero, 0, rows, (o, a, b, n) -> {
            if (s == 1) System.arraycopy(src, a, dst, dstOffset + o, n);
            else for (int i = 0; i < n; i++) dst[dstOffset + o + i] = src[a + i * s];
        });
    }
}
